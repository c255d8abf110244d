import { createHash } from 'node:crypto';

/** Values longer than this are remembered by their hash, so memory per value is bounded. */
const MAX_RAW = 64;

/**
 * Distinct values seen within a sliding expiry, in last-seen order (a Map re-inserted on each
 * sighting), so expiring and evicting both take from the front: O(1) amortised per sighting, and
 * never more than `max` values of at most ~64 characters each.
 */
export class RecentValues {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly expiryMs: number,
    private readonly max: number,
  ) {}

  /** Records a sighting of `value` at `now`. */
  see(value: string, now: number): void {
    const key = value.length <= MAX_RAW ? value : `#${createHash('sha256').update(value).digest('base64')}`;
    this.seen.delete(key);
    this.seen.set(key, now);
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    this.expire(now);
  }

  /** Distinct values seen within the expiry before `now`. */
  count(now: number): number {
    this.expire(now);
    return this.seen.size;
  }

  /** The values remembered (long ones as `#<hash>`), least recently seen first. */
  keys(): IterableIterator<string> {
    return this.seen.keys();
  }

  private expire(now: number): void {
    const oldest = now - this.expiryMs;
    for (const [k, at] of this.seen) {
      if (at > oldest) break;
      this.seen.delete(k);
    }
  }
}
