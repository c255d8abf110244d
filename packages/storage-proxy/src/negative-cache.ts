// Remembers recent misses of the backup for a short TTL so a hot missing key does not hammer the
// database. Bounded, and cleared for a key whenever that key is written.
import { keyId } from './keys';
import type { Clock } from '@gatehouse/foundation';
import type { Key } from './types';

/** A bounded set of keys known to be missing, each until its expiry time. */
export class NegativeCache {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly clock: Clock,
  ) {}

  /** True when negative caching is on. */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Records that `key` is missing. */
  remember(key: Key): void {
    if (this.ttlMs <= 0) return;
    const id = keyId(key);
    this.until.delete(id); // re-insert so Map order stays oldest-first
    if (this.until.size >= this.maxEntries) {
      const oldest = this.until.keys().next();
      if (oldest.done !== true) this.until.delete(oldest.value);
    }
    this.until.set(id, this.clock.monotonic() + this.ttlMs);
  }

  /** True when `key` is known missing and the knowledge has not expired. */
  has(key: Key): boolean {
    if (this.until.size === 0) return false;
    const id = keyId(key);
    const expiry = this.until.get(id);
    if (expiry === undefined) return false;
    if (this.clock.monotonic() < expiry) return true;
    this.until.delete(id);
    return false;
  }

  /** Forgets `keys` (they were written). */
  forget(keys: readonly Key[]): void {
    if (this.until.size === 0) return;
    for (const key of keys) this.until.delete(keyId(key));
  }

  /** Forgets every remembered miss. */
  clear(): void {
    this.until.clear();
  }

  /** Number of remembered misses. */
  get size(): number {
    return this.until.size;
  }
}
