// The cache path's deadline: a Redis that is down fails at once, one that is slow fails after
// the command timeout, so the proxy can serve from the level below instead of waiting.
import type Redis from 'ioredis';
import { CacheUnavailableError, StorageFailureError } from '../errors';

/**
 * Runs `command` against `redis` within `timeoutMs`. Refuses at once when the client is not
 * connected (no offline queue), maps connection failures to CacheUnavailableError and Redis
 * reply errors to StorageFailureError.
 */
export async function withDeadline<R>(redis: Redis, what: string, timeoutMs: number, command: () => Promise<R>): Promise<R> {
  if (redis.status !== 'ready') throw new CacheUnavailableError(`${what}: redis connection is ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  const pending = command();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheUnavailableError(`${what}: no reply within ${timeoutMs} ms`, undefined, true)), timeoutMs);
  });
  try {
    return await Promise.race([pending, deadline]);
  } catch (err) {
    if (err instanceof CacheUnavailableError) {
      pending.catch(() => undefined); // the late reply or failure of an abandoned command is ignored
      throw err;
    }
    if (isReplyError(err)) throw new StorageFailureError(`redis ${what}`, err);
    throw new CacheUnavailableError(what, err);
  } finally {
    clearTimeout(timer);
  }
}

function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}
