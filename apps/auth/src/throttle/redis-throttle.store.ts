// Redis throttle store: one counter per key and window, incremented by window-hit-1.lua, so all
// service instances behind the gateway share the same limits. Windows are computed from the
// injected clock (not Redis time) so tests can move time without sleeping.
import { Redis } from 'ioredis';
import { loadLuaScript } from './lua-scripts';
import { windowIndex, windowRemainder, type ThrottleStore, type WindowHit } from './throttle-store';

/** Options of the Redis store. */
export interface RedisThrottleStoreOptions {
  /** Redis connection URL, e.g. redis://127.0.0.1:6379. */
  url: string;
  /** Prefix of every key this store writes. @default "gh:auth:throttle:" */
  keyPrefix?: string;
  /** Milliseconds before a command without an answer fails. @default 1000 */
  commandTimeoutMs?: number;
}

type HitCommand = (key: string, ttlMs: number) => Promise<number>;

const SCRIPT = loadLuaScript('window-hit-1');

/** Fixed-window counters in Redis, shared between instances. */
export class RedisThrottleStore implements ThrottleStore {
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  private closed = false;

  constructor(options: RedisThrottleStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? 'gh:auth:throttle:';
    // Fail fast instead of queueing: a login waiting on a dead Redis should get a 503 quickly.
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      // ioredis arms this timer on disconnect even for an already-dead socket; keep it short.
      disconnectTimeout: 100,
      connectTimeout: 2000,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      // Keep reconnecting while open (Redis may come back); stop for good once closed.
      retryStrategy: (times) => (this.closed ? null : Math.min(times * 200, 2000)),
    });
    this.redis.defineCommand(SCRIPT.name, { numberOfKeys: SCRIPT.numberOfKeys, lua: SCRIPT.lua });
    // Connection errors surface on the command that needs the connection; this keeps them off stderr.
    this.redis.on('error', () => undefined);
  }

  /** Opens the connection; rejects when Redis cannot be reached. */
  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async hit(key: string, windowMs: number, nowMs: number): Promise<WindowHit> {
    const fullKey = `${this.keyPrefix}${key}:${windowIndex(nowMs, windowMs)}`;
    const command = (this.redis as unknown as Record<string, HitCommand>)[SCRIPT.name]!.bind(this.redis);
    // The counter outlives its window by one window so a clock slightly behind Redis's still finds it.
    const count = await command(fullKey, windowMs * 2);
    return { count, resetInMs: windowRemainder(nowMs, windowMs) };
  }

  async close(): Promise<void> {
    this.closed = true;
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
