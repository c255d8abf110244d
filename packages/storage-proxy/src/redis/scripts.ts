// Loads the Lua scripts of ./scripts (`<name>-<numKeys>.lua`, KEYS and ARGV documented in each
// header) once, and runs them by SHA, sending the source only when Redis does not know it yet.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';

/** A loaded script: its source, SHA1 and number of keys (from the file name). */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
  readonly numKeys: number;
}

const cache = new Map<string, LuaScript>();

/** The script `scripts/<name>-<n>.lua`, read once per process. */
export function loadScript(name: string, numKeys: number): LuaScript {
  const file = `${name}-${numKeys}.lua`;
  let script = cache.get(file);
  if (script === undefined) {
    const source = readFileSync(join(__dirname, 'scripts', file), 'utf8');
    script = { name, source, sha: createHash('sha1').update(source).digest('hex'), numKeys };
    cache.set(file, script);
  }
  return script;
}

/** EVALSHA with an EVAL fallback on NOSCRIPT; replies keep binary strings as Buffers. */
export async function runScript(redis: Redis, script: LuaScript, keys: readonly string[], args: ReadonlyArray<string | Buffer | number>): Promise<unknown> {
  if (keys.length !== script.numKeys) throw new RangeError(`script ${script.name} takes ${script.numKeys} keys, got ${keys.length}`);
  try {
    return await redis.callBuffer('EVALSHA', script.sha, script.numKeys, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.callBuffer('EVAL', script.source, script.numKeys, ...keys, ...args);
  }
}

/**
 * Runs `script` once per call in one pipeline; each call stays atomic on its own. When Redis does
 * not know the script (NOSCRIPT: a restart flushed it), every call failed alike, so the script is
 * loaded and the pipeline sent once more. Resolves with the pipeline's [error, reply] pairs.
 */
export async function runScriptPipeline(
  redis: Redis,
  script: LuaScript,
  calls: ReadonlyArray<{ keys: readonly string[]; args: ReadonlyArray<string | Buffer | number> }>,
): Promise<Array<[Error | null, unknown]>> {
  const send = async (): Promise<Array<[Error | null, unknown]>> => {
    const pipeline = redis.pipeline();
    for (const call of calls) pipeline.callBuffer('EVALSHA', script.sha, script.numKeys, ...call.keys, ...call.args);
    return (await pipeline.exec()) ?? [];
  };
  const replies = await send();
  if (!replies.some(([err]) => err?.message.startsWith('NOSCRIPT') === true)) return replies;
  await redis.script('LOAD', script.source);
  return send();
}
