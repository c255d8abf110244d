import { Redis } from 'ioredis';

/** Where revoked token ids (jti) live until the token would have expired anyway. */
export interface RevocationStore {
  revoke(jti: string, untilMs: number): Promise<void>;
  /** Sync where the answer is local, so the common path makes no promise. */
  isRevoked(jti: string): boolean | Promise<boolean>;
  close(): Promise<void>;
}

/** Revocations of this process only: enough for one gateway, lost on restart. */
export class MemoryRevocationStore implements RevocationStore {
  private readonly revoked = new Map<string, number>();

  async revoke(jti: string, untilMs: number): Promise<void> {
    this.revoked.set(jti, untilMs);
    if (this.revoked.size % 1024 === 0) this.sweep();
  }

  isRevoked(jti: string): boolean {
    const until = this.revoked.get(jti);
    return until !== undefined && until > Date.now();
  }

  async close(): Promise<void> {
    this.revoked.clear();
  }

  /** Forgets revocations of tokens that have expired by now. */
  private sweep(): void {
    const now = Date.now();
    for (const [jti, until] of this.revoked) if (until <= now) this.revoked.delete(jti);
  }
}

/**
 * Revocations shared by every gateway through Redis: `SET prefix+jti 1 PX ttl`. Lookups fail
 * closed: when Redis cannot answer, the token is treated as revoked.
 */
export class RedisRevocationStore implements RevocationStore {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix: string) {
    this.redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 1, commandTimeout: 1000 });
    this.redis.on('error', () => undefined);
  }

  async revoke(jti: string, untilMs: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(untilMs - Date.now()));
    await this.redis.set(this.prefix + jti, '1', 'PX', ttl);
  }

  async isRevoked(jti: string): Promise<boolean> {
    try {
      return (await this.redis.exists(this.prefix + jti)) === 1;
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
