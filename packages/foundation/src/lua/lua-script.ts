// The one way Gatehouse runs its Lua scripts on Redis: each script a file `<name>-<numKeys>.lua`
// (KEYS and ARGV documented in its header) read once per process, run by SHA, the source sent only
// when Redis does not know it (a restart or SCRIPT FLUSH emptied its cache).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A loaded script: its source, SHA1 and number of keys (from the file name). */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
  readonly numKeys: number;
}

/** A value a script is called with. */
export type LuaArg = string | Buffer | number;

/** What running a script needs of a Redis client (an ioredis `Redis` is one). */
export interface LuaClient {
  call(command: string, args: LuaArg[]): Promise<unknown>;
  callBuffer(command: string, args: LuaArg[]): Promise<unknown>;
}

const loaded = new Map<string, LuaScript>();

/** The script `<dir>/<name>-<numKeys>.lua`, read once per process. */
export function loadLuaScript(dir: string, name: string, numKeys: number): LuaScript {
  const file = join(dir, `${name}-${numKeys}.lua`);
  let script = loaded.get(file);
  if (script === undefined) {
    const source = readFileSync(file, 'utf8');
    script = { name, source, sha: createHash('sha1').update(source).digest('hex'), numKeys };
    loaded.set(file, script);
  }
  return script;
}

/**
 * EVALSHA, falling back to EVAL on NOSCRIPT. Arguments go as one array, never spread: a batch's
 * ARGV can hold more values than a JavaScript call may take. `replies: 'buffers'` keeps the
 * reply's strings as Buffers (binary values).
 */
export async function runLuaScript(
  redis: LuaClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly LuaArg[],
  replies: 'strings' | 'buffers' = 'strings',
): Promise<unknown> {
  if (keys.length !== script.numKeys) throw new RangeError(`script ${script.name} takes ${script.numKeys} keys, got ${keys.length}`);
  const rest = ([script.numKeys] as LuaArg[]).concat(keys, args);
  const send = (command: 'EVALSHA' | 'EVAL', first: string): Promise<unknown> =>
    replies === 'buffers' ? redis.callBuffer(command, [first, ...rest]) : redis.call(command, [first, ...rest]);
  try {
    return await send('EVALSHA', script.sha);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return send('EVAL', script.source);
  }
}
