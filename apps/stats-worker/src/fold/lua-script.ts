import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

/** A Lua script of `./scripts` (`<name>-<numKeys>.lua`, KEYS and ARGV documented in its header). */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
  readonly numKeys: number;
}

const loaded = new Map<string, LuaScript>();

/** The script `scripts/<name>-<numKeys>.lua`, read once per process. */
export function luaScript(name: string, numKeys: number): LuaScript {
  const file = `${name}-${numKeys}.lua`;
  let script = loaded.get(file);
  if (script === undefined) {
    const source = readFileSync(join(__dirname, 'scripts', file), 'utf8');
    script = { name, source, sha: createHash('sha1').update(source).digest('hex'), numKeys };
    loaded.set(file, script);
  }
  return script;
}

/**
 * EVALSHA, sending the source only when Redis does not know the script (a restart flushed it).
 * `replies: 'buffers'` keeps the reply's strings as Buffers (binary values).
 */
export async function runLua(redis: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | Buffer)[], replies: 'strings' | 'buffers' = 'strings'): Promise<unknown> {
  if (keys.length !== script.numKeys) throw new RangeError(`script ${script.name} takes ${script.numKeys} keys, got ${keys.length}`);
  // One array, never a spread: a batch's ARGV can hold more values than a call may take arguments.
  const rest = ([String(script.numKeys)] as (string | Buffer)[]).concat(keys, args);
  try {
    const call = replies === 'buffers' ? redis.callBuffer.bind(redis) : redis.call.bind(redis);
    return await call('EVALSHA', ([script.sha] as (string | Buffer)[]).concat(rest));
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    const call = replies === 'buffers' ? redis.callBuffer.bind(redis) : redis.call.bind(redis);
    return call('EVAL', ([script.source] as (string | Buffer)[]).concat(rest));
  }
}
