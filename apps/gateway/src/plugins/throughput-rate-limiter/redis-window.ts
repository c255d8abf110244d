import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { luaScript, runLua } from '../../cluster/lua-scripts';

/** What Redis said about one request. */
export interface WindowVerdict {
  admitted: boolean;
  /** Requests in the window, this one included when admitted. */
  count: number;
  /** Milliseconds until the oldest request in the window leaves it (a slot frees up). */
  resetMs: number;
}

/** Longer values are hashed so a client cannot make the Redis keys grow with what it sends. */
const MAX_RAW_KEY = 200;

/**
 * A sliding-window limit shared by every gateway that talks to one Redis. One atomic script per
 * request trims, counts and admits on the server's clock, so there is no read-then-write race
 * between nodes and no clock skew between them: the cause of the inaccurate cluster limits
 * reported against APISIX (#6760) and Kong (#5790). Each key holds at most `limit` entries and
 * expires a window after its last admission.
 */
export class RedisWindow {
  private readonly redis: Redis;
  private readonly node = randomUUID();
  /** Read when the first redis-policy limiter is built (not at import: a gateway without one never needs the file). */
  private readonly script = luaScript('sliding-window', 1, join(__dirname, 'scripts'));
  private seq = 0;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
    timeoutMs: number,
  ) {
    // commandTimeout bounds every call, also while reconnecting (the offline queue holds it).
    this.redis = new Redis(url, { lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: 1, commandTimeout: timeoutMs });
    this.redis.on('error', () => undefined);
  }

  /** Admits or refuses one request of `key`; rejects when Redis cannot answer in time. */
  async admit(key: string): Promise<WindowVerdict> {
    const member = `${this.node}:${++this.seq}`;
    const r = (await runLua(this.redis, this.script, [this.prefix + redisKeyPart(key)], [this.windowMs * 1000, this.limit, member])) as [number, number, number];
    return { admitted: r[0] === 1, count: r[1], resetMs: r[2] / 1000 };
  }

  close(): void {
    this.redis.disconnect();
  }
}

/** The key's part of the Redis key: as sent when short, else its SHA-256. */
function redisKeyPart(key: string): string {
  return key.length <= MAX_RAW_KEY ? key : `#${createHash('sha256').update(key).digest('hex')}`;
}
