// Background backfill for keys a read served from the backup while the shared cache (Redis) did
// not answer in time: such a read holds no lease, and backfilling what it read could undo a write
// that happened meanwhile. The refill takes fresh leases first, reads the backup after they were
// granted, and fills under them (the same protocol as a read-through), off the request path.
// One refill per key at a time; while the cache is still slow or down a refill is retried twice
// with backoff (on the proxy's clock), then left to the next read.
import { retry, type Clock } from '@gatehouse/foundation';
import { CacheUnavailableError } from './errors';
import { keyId } from './keys';
import type { ProxyStats } from './proxy-stats';
import type { ReadLeases } from './read-leases';
import type { Key, LeaseCapable, Storage } from './types';

/** Refills keys of one proxy's shared cache. */
export class Refiller<T> {
  private readonly running = new Set<string>();

  constructor(
    private readonly leasing: LeaseCapable<T> | undefined,
    private readonly backup: Storage<T>,
    private readonly localLeases: ReadLeases,
    private readonly stats: ProxyStats,
    private readonly onError: (err: unknown, operation: string) => void,
    private readonly clock: Clock,
  ) {}

  /** Schedules a refill of `keys` (those not being refilled already); never throws. */
  refill(keys: readonly Key[]): void {
    const leasing = this.leasing;
    const fresh = keys.filter((k) => !this.running.has(keyId(k)));
    if (leasing === undefined || fresh.length === 0) return;
    for (const k of fresh) this.running.add(keyId(k));
    void this.run(leasing, fresh).finally(() => {
      for (const k of fresh) this.running.delete(keyId(k));
    });
  }

  private async run(leasing: LeaseCapable<T>, keys: readonly Key[]): Promise<void> {
    try {
      const { leases } = await retry(() => leasing.multiGetOrLease(keys), {
        attempts: 3,
        clock: this.clock,
        backoff: { baseMs: 100, maxMs: 1000 },
        shouldRetry: (err) => err instanceof CacheUnavailableError,
      });
      // Keys cached meanwhile, or leased by other readers, need nothing more.
      if (leases.size === 0) return;
      const leased = [...leases.keys()];
      const local = this.localLeases.take(leased);
      try {
        const values = await this.backup.multiGet(leased);
        this.stats.backupReads++;
        const fill = new Map<Key, { value: T; lease: string }>();
        for (const [key, value] of values) {
          if (local.isValid(key)) fill.set(key, { value, lease: leases.get(key)! });
          else this.stats.staleBackfillsSkipped++;
        }
        if (fill.size === 0) return;
        const stored = await leasing.multiFillIfLeased(fill);
        this.stats.backfills += stored.length;
        this.stats.staleBackfillsSkipped += fill.size - stored.length;
      } finally {
        local.release();
      }
    } catch (err) {
      this.stats.backfillErrors++;
      this.onError(err, 'refill');
    }
  }
}
