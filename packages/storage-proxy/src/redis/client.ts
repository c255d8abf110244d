// The one connection policy of every Gatehouse Redis client (storage-proxy's cache levels and
// invalidation bus, auth's throttle store, the generated DAOs, cache-bench). README "Redis
// connection policy" explains each rule; in short:
// - connecting has its own deadlines: `connectTimeoutMs` for TCP, `readyTimeoutMs` from connect
//   to ready (the handshake and ioredis's INFO ready check). They are never the command timeout,
//   so a Redis slower than the command timeout still becomes ready and stays connected;
// - commands get their deadline from the caller (`withDeadline`), not from ioredis's
//   `commandTimeout`, which would also cut the ready check and make the client reconnect forever;
// - no offline queue: while not ready, commands fail at once instead of piling up;
// - a command is sent at most once (no resend after a reconnect: INCR must not double count);
// - reconnection never gives up, with exponential backoff and jitter (foundation's backoffDelay);
// - TCP keep-alive finds a dead peer on an idle connection.
import { backoffDelay, type BackoffOptions } from '@gatehouse/foundation';
import Redis, { type RedisOptions } from 'ioredis';

/** The policy knobs, on top of ioredis' own options. */
export interface RedisConnectionOptions extends Omit<RedisOptions, 'commandTimeout' | 'connectTimeout' | 'retryStrategy'> {
  /** TCP connect deadline. @default 1000 */
  connectTimeoutMs?: number;
  /** Deadline from TCP connect to ready (handshake and INFO ready check); past it the client reconnects. @default 2000 */
  readyTimeoutMs?: number;
  /** Delays between reconnection attempts. @default { baseMs: 50, maxMs: 2000 } */
  reconnectBackoff?: BackoffOptions;
  /** Told of connection errors (ioredis would otherwise print them). @default undefined (ignored) */
  onError?: (err: Error) => void;
}

/** The ioredis options of the policy (for a client you build yourself, e.g. with a custom connector). */
export function redisConnectionPolicy(options: RedisConnectionOptions = {}): RedisOptions {
  const { connectTimeoutMs = 1000, readyTimeoutMs = 2000, reconnectBackoff = { baseMs: 50, maxMs: 2000 }, onError: _onError, ...rest } = options;
  void readyTimeoutMs; // applied by createRedisClient's watchdog
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    enableReadyCheck: true,
    keepAlive: 5000,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times: number) => backoffDelay(times - 1, reconnectBackoff),
    ...rest,
  };
}

/**
 * An ioredis client under the policy. The ready watchdog disconnects (and so reconnects with
 * backoff) a connection that reached TCP connect but not ready within `readyTimeoutMs`.
 */
export function createRedisClient(url: string, options: RedisConnectionOptions = {}): Redis {
  const readyTimeoutMs = options.readyTimeoutMs ?? 2000;
  const redis = new Redis(url, redisConnectionPolicy(options));
  let watchdog: NodeJS.Timeout | undefined;
  const disarm = (): void => {
    if (watchdog !== undefined) clearTimeout(watchdog);
    watchdog = undefined;
  };
  redis.on('connect', () => {
    disarm();
    watchdog = setTimeout(() => {
      watchdog = undefined;
      if (redis.status === 'connect') redis.disconnect(true);
    }, readyTimeoutMs);
    watchdog.unref();
  });
  redis.on('ready', disarm);
  redis.on('close', disarm);
  redis.on('end', disarm);
  // An 'error' listener keeps a dead Redis from being reported as an unhandled error event.
  redis.on('error', (err: Error) => options.onError?.(err));
  return redis;
}

/** Options of {@link createCacheRedis}: the policy; every RedisStorage sets its own command deadline. */
export type CacheRedisOptions = RedisConnectionOptions;

/** An ioredis client for RedisStorage and the invalidation bus: {@link createRedisClient} under the policy. */
export function createCacheRedis(url: string, options: CacheRedisOptions = {}): Redis {
  return createRedisClient(url, options);
}
