// Guards backfills against the read-miss / write / late-backfill race: a read that missed the cache
// takes a lease on its keys; any write to a key during the read (or still running when the read
// began) spoils the lease, and a spoiled lease is never backfilled. Only misses pay for this.
import { keyId } from './keys';
import type { Key } from './types';

/** The keys one miss is reading from the backup; `isValid(key)` says whether it may backfill. */
export class ReadLease {
  private readonly spoiled = new Set<string>();

  constructor(
    readonly keys: readonly Key[],
    private readonly table: ReadLeases,
  ) {}

  /** @internal marks the key `id` (its keyId) as written since the lease was taken. */
  spoil(id: string): void {
    this.spoiled.add(id);
  }

  /** @internal marks every key of the lease as written. */
  spoilEvery(): void {
    for (const key of this.keys) this.spoiled.add(keyId(key));
  }

  /** True when no write touched `key` since (or while) the lease was taken. */
  isValid(key: Key): boolean {
    return !this.spoiled.has(keyId(key));
  }

  /** Ends the lease; call exactly once, after the backfill decision. */
  release(): void {
    this.table.release(this);
  }
}

/** The open leases and running writes of one proxy, by key. */
export class ReadLeases {
  private readonly open = new Map<string, Set<ReadLease>>();
  private readonly writing = new Map<string, number>();

  /** Takes a lease on `keys`; keys being written right now are spoiled from the start. */
  take(keys: readonly Key[]): ReadLease {
    const lease = new ReadLease(keys, this);
    for (const key of keys) {
      const id = keyId(key);
      if (this.writing.has(id)) lease.spoil(id);
      let set = this.open.get(id);
      if (set === undefined) {
        set = new Set();
        this.open.set(id, set);
      }
      set.add(lease);
    }
    return lease;
  }

  /** A write to `keys` begins: spoils every open lease on them until `endWrite`. */
  beginWrite(keys: readonly Key[]): void {
    for (const key of keys) {
      const id = keyId(key);
      this.writing.set(id, (this.writing.get(id) ?? 0) + 1);
      this.spoilAll(id);
    }
  }

  /** The write to `keys` is over (succeeded or failed): leases taken during it are spoiled too. */
  endWrite(keys: readonly Key[]): void {
    for (const key of keys) {
      const id = keyId(key);
      const n = (this.writing.get(id) ?? 1) - 1;
      if (n <= 0) this.writing.delete(id);
      else this.writing.set(id, n);
      this.spoilAll(id);
    }
  }

  /** Spoils open leases on `keys` without a write of our own (a remote invalidation). */
  spoil(keys: readonly Key[]): void {
    for (const key of keys) this.spoilAll(keyId(key));
  }

  /** Spoils every open lease (all local knowledge is being dropped). */
  spoilEverything(): void {
    for (const set of this.open.values()) for (const lease of set) lease.spoilEvery();
  }

  /** @internal */
  release(lease: ReadLease): void {
    for (const key of lease.keys) {
      const id = keyId(key);
      const set = this.open.get(id);
      if (set === undefined) continue;
      set.delete(lease);
      if (set.size === 0) this.open.delete(id);
    }
  }

  /** Open leases plus running writes; 0 when the proxy is idle (tests check nothing leaks). */
  get size(): number {
    return this.open.size + this.writing.size;
  }

  private spoilAll(id: string): void {
    const set = this.open.get(id);
    if (set === undefined) return;
    for (const lease of set) lease.spoil(id);
  }
}
