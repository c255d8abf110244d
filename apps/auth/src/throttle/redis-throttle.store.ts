// Redis throttle store: one counter per key and window, incremented by window-hit-1.lua, so all
// service instances behind the gateway share the same limits. Windows are computed from the
// injected clock (not Redis time) so tests can move time without sleeping. The client follows
// the one Redis connection policy (@gatehouse/storage-proxy/redis): connect and ready deadlines
// apart from the per-command deadline, no offline queue, a command sent at most once.
import { createRedisClient, withDeadline } from '@gatehouse/storage-proxy/redis';
import type { Redis } from 'ioredis';
import { loadLuaScript } from './lua-scripts';
import { windowIndex, windowRemainder, type ThrottleStore, type WindowHit } from './throttle-store';

/** Options of the Redis store. */
export interface RedisThrottleStoreOptions {
  /** Redis connection URL, e.g. redis://127.0.0.1:6379. */
  url: string;
  /** Prefix of every key this store writes. @default "gh:auth:throttle:" */
  keyPrefix?: string;
  /** Deadline of one command in milliseconds (never applied to connecting). @default 1000 */
  commandTimeoutMs?: number;
}

const SCRIPT = loadLuaScript('window-hit-1');

/** Fixed-window counters in Redis, shared between instances. */
export class RedisThrottleStore implements ThrottleStore {
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;

  constructor(options: RedisThrottleStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? 'gh:auth:throttle:';
    this.timeoutMs = options.commandTimeoutMs ?? 1000;
    // ioredis arms a disconnect timer even for an already-dead socket; keep it short.
    this.redis = createRedisClient(options.url, { lazyConnect: true, disconnectTimeout: 100 });
  }

  /** Opens the connection; rejects when Redis cannot be reached. */
  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async hit(key: string, windowMs: number, nowMs: number): Promise<WindowHit> {
    const fullKey = `${this.keyPrefix}${key}:${windowIndex(nowMs, windowMs)}`;
    // The counter outlives its window by one window so a clock slightly behind Redis's still finds it.
    const count = await withDeadline(this.redis, 'throttle hit', this.timeoutMs, () => this.redis.eval(SCRIPT.lua, SCRIPT.numberOfKeys, fullKey, windowMs * 2));
    return { count: Number(count), resetInMs: windowRemainder(nowMs, windowMs) };
  }

  async remember(key: string, ttlMs: number): Promise<void> {
    await withDeadline(this.redis, 'throttle remember', this.timeoutMs, () => this.redis.set(`${this.keyPrefix}${key}`, '1', 'PX', ttlMs));
  }

  async known(key: string): Promise<boolean> {
    return (await withDeadline(this.redis, 'throttle known', this.timeoutMs, () => this.redis.exists(`${this.keyPrefix}${key}`))) === 1;
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    if (this.redis.status !== 'ready') {
      // Not connected (or reconnecting): QUIT would wait for a connection that may never come.
      this.redis.disconnect();
      return;
    }
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
