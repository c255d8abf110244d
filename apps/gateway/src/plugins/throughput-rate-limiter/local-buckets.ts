import { LRUCache } from 'lru-cache';
import type { Clock } from '../../engine/clock';
import { TokenBucket } from './token-bucket';

/**
 * The token buckets of a keyed local limiter: one per distinct key value, at most `maxKeys` of
 * them. Beyond that the least recently seen key is forgotten (its next request starts with a full
 * bucket): memory stays bounded whatever a client sends, at the price of a fresh burst for keys
 * idle long enough to be pushed out.
 */
export class LocalBuckets {
  private readonly buckets: LRUCache<string, TokenBucket>;

  constructor(
    private readonly tps: number,
    maxKeys: number,
    private readonly clock: Clock,
  ) {
    this.buckets = new LRUCache<string, TokenBucket>({ max: maxKeys });
  }

  /** The bucket of `key`, created full on first sight. */
  bucketFor(key: string): TokenBucket {
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = new TokenBucket(this.tps, Math.floor(this.tps) + 1, this.clock);
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Keys tracked now. */
  get size(): number {
    return this.buckets.size;
  }
}
