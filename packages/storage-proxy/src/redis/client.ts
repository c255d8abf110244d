// An ioredis client set up for the cache path: no offline queue (commands fail at once while the
// connection is down instead of piling up), a command timeout, and reconnection that never ends.
import Redis, { type RedisOptions } from 'ioredis';

/** Options of {@link createCacheRedis}, on top of ioredis' own. */
export interface CacheRedisOptions extends RedisOptions {
  /** Deadline of one command in milliseconds. @default 100 */
  commandTimeoutMs?: number;
  /** Told of connection errors (ioredis would otherwise print them). @default undefined (ignored) */
  onError?: (err: Error) => void;
}

/** An ioredis client for RedisStorage: offline queue off, command timeout on, reconnects forever. */
export function createCacheRedis(url: string, options: CacheRedisOptions = {}): Redis {
  const { commandTimeoutMs = 100, onError, ...rest } = options;
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    // Back off to at most one attempt a second, and never give up: Redis may come back.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
    ...rest,
  });
  // An 'error' listener keeps a dead Redis from being reported as an unhandled error event.
  redis.on('error', (err: Error) => onError?.(err));
  return redis;
}
