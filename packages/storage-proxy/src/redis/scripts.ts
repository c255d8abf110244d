// Loads the Lua scripts of ./scripts (`<name>-<numKeys>.lua`, KEYS and ARGV documented in each
// header) once, and runs them by SHA, sending the source only when Redis does not know it yet.
import { join } from 'node:path';
import { loadLuaScript, runLuaScript, type LuaArg, type LuaScript } from '@gatehouse/foundation';
import type Redis from 'ioredis';

export type { LuaScript } from '@gatehouse/foundation';

/** The script `scripts/<name>-<n>.lua`, read once per process. */
export function loadScript(name: string, numKeys: number): LuaScript {
  return loadLuaScript(join(__dirname, 'scripts'), name, numKeys);
}

/** EVALSHA with an EVAL fallback on NOSCRIPT; replies keep binary strings as Buffers. */
export function runScript(redis: Redis, script: LuaScript, keys: readonly string[], args: readonly LuaArg[]): Promise<unknown> {
  return runLuaScript(redis, script, keys, args, 'buffers');
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
