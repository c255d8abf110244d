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

/** The script `<dir>/<name>-<numKeys>.lua` (default dir: the cluster's `scripts`), read once per process. */
export function luaScript(name: string, numKeys: number, dir = join(__dirname, 'scripts')): LuaScript {
  const file = join(dir, `${name}-${numKeys}.lua`);
  let script = loaded.get(file);
  if (script === undefined) {
    const source = readFileSync(file, 'utf8');
    script = { name, source, sha: createHash('sha1').update(source).digest('hex'), numKeys };
    loaded.set(file, script);
  }
  return script;
}

/** EVALSHA, sending the source only when Redis does not know the script (a restart flushed it). */
export async function runLua(redis: Redis, script: LuaScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  if (keys.length !== script.numKeys) throw new RangeError(`script ${script.name} takes ${script.numKeys} keys, got ${keys.length}`);
  try {
    return await redis.call('EVALSHA', script.sha, script.numKeys, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.call('EVAL', script.source, script.numKeys, ...keys, ...args);
  }
}
