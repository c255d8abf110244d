// StorageProxy(prefered, backup): cache-aside with backfill, with the exact rules of reference §5.3
// (README "Semantics"), plus single-flight, negative caching and lease-checked backfills.
import { systemClock } from './clock';
import { DuplicateKeyError, EmptyObjectError, UnsupportedOperationError } from './errors';
import { assertEntryKeys, assertKey, assertKeys, keyId } from './keys';
import { NegativeCache } from './negative-cache';
import { type ProxyStats, newProxyStats } from './proxy-stats';
import { ReadLeases } from './read-leases';
import { isLocallyInvalidatable, type LocallyInvalidatable, type StorageProxyOptions } from './proxy-options';
import { type Key, type LeaseCapable, type Storage, isEmpty, isKeyChangeable, isLeaseCapable } from './types';

/** The cache-aside proxy: `prefered` is the cache, `backup` the store of record (or the next proxy). */
export class StorageProxy<T> implements Storage<T>, LocallyInvalidatable {
  /** Counters of what the proxy did; read them for metrics. */
  readonly stats: ProxyStats = newProxyStats();
  private readonly flights = new Map<string, Promise<T>>();
  private readonly leases = new ReadLeases();
  private readonly negative: NegativeCache;
  private readonly mask: boolean;
  private readonly singleFlight: boolean;
  private readonly useLeases: boolean;
  private readonly onError: (err: unknown, operation: string) => void;
  private readonly leasing: LeaseCapable<T> | undefined;

  constructor(
    readonly prefered: Storage<T>,
    readonly backup: Storage<T>,
    options: StorageProxyOptions = {},
  ) {
    this.mask = (options.onPreferedError ?? 'throw') === 'fallback';
    this.singleFlight = options.singleFlight ?? true;
    this.useLeases = options.leases ?? true;
    this.negative = new NegativeCache(options.negativeTtlMs ?? 0, options.negativeMaxEntries ?? 10_000, options.clock ?? systemClock);
    this.onError = options.onError ?? (() => undefined);
    this.leasing = this.useLeases && isLeaseCapable(prefered) ? prefered : undefined;
  }

  /** Cache first; on a miss only, the backup, then backfill the cache. */
  async get(key: Key): Promise<T> {
    assertKey(key); // a bad key is the caller's error, never counted as a cache failure
    let preferedDown = false;
    // A shared cache with leases (Redis) hands out a backfill lease on a miss: undefined = no
    // lease protocol, null = another reader holds the lease (it backfills, this read does not).
    let remoteLease: string | null | undefined;
    try {
      if (this.leasing !== undefined) {
        const read = await this.leasing.getOrLease(key);
        if (read.hit) {
          this.stats.hits++;
          return read.value;
        }
        remoteLease = read.lease;
      } else {
        const value = await this.prefered.get(key);
        this.stats.hits++;
        return value;
      }
      this.stats.misses++;
    } catch (err) {
      if (!isEmpty(err)) {
        this.stats.preferedErrors++;
        if (!this.mask) throw err;
        this.onError(err, 'get');
        preferedDown = true;
      } else {
        this.stats.misses++;
      }
    }
    if (this.negative.has(key)) {
      this.stats.negativeHits++;
      throw new EmptyObjectError(key);
    }
    const id = keyId(key);
    const running = this.singleFlight ? this.flights.get(id) : undefined;
    if (running !== undefined) {
      this.stats.singleFlightJoins++;
      return running;
    }
    const flight = this.readThrough(key, preferedDown, remoteLease);
    if (this.singleFlight) {
      this.flights.set(id, flight);
      const clear = (): void => {
        if (this.flights.get(id) === flight) this.flights.delete(id);
      };
      flight.then(clear, clear);
    }
    return flight;
  }

  /** Cache, then backup; the first error stops the chain. A failed backup write evicts the cache entry. */
  async set(key: Key, value: T): Promise<void> {
    assertKey(key);
    if (value === null || value === undefined) return;
    await this.write([key], async () => {
      await this.preferedWrite('set', () => this.prefered.set(key, value));
      await this.backupWrite([key], () => this.backup.set(key, value));
    });
  }

  /** Backup first (it may assign the key), then the cache under the key the backup assigned. */
  async add(key: Key | null, value: T): Promise<Key> {
    if (key !== null) assertKey(key);
    let assigned: Key = key ?? '';
    // A known key is "being written" during the insert too, so a concurrent miss cannot backfill
    // or remember the absence it read just before the row appeared.
    await this.write(key === null ? [] : [key], async () => {
      assigned = await this.backup.add(key, value);
    });
    if (isKeyChangeable(value) && value.isKeyChangeable()) assigned = value.getKey();
    assertKey(assigned);
    await this.write([assigned], async () => {
      try {
        await this.prefered.add(assigned, value);
      } catch (err) {
        // The row is in the backup now; an entry already in the cache is stale, so overwrite it.
        if (!(err instanceof DuplicateKeyError)) throw err;
        await this.prefered.set(assigned, value);
      }
    }).catch((err: unknown) => {
      // The insert is durable: failing the call would invite a retry and a duplicate. Count it.
      this.stats.preferedErrors++;
      this.onError(err, 'add');
    });
    return assigned;
  }

  /** The cache's hits, then the backup for the missing keys only, backfilled with multiSet. */
  async multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    assertKeys(keys);
    let found: Map<Key, T>;
    let preferedDown = false;
    let remoteLeases: Map<Key, string> | undefined; // see get(): leases of a shared cache
    try {
      if (this.leasing !== undefined) ({ found, leases: remoteLeases } = await this.leasing.multiGetOrLease(keys));
      else found = await this.prefered.multiGet(keys);
    } catch (err) {
      // Unlike the Go original (log and return nothing), an outage falls through to the backup.
      this.stats.preferedErrors++;
      this.onError(err, 'multiGet');
      found = new Map();
      preferedDown = true;
    }
    this.stats.hits += found.size;
    const missing: Key[] = [];
    const seen = new Set<string>();
    for (const key of keys) {
      if (found.has(key) || seen.has(keyId(key))) continue;
      seen.add(keyId(key));
      if (this.negative.has(key)) this.stats.negativeHits++;
      else missing.push(key);
    }
    this.stats.misses += missing.length;
    if (missing.length === 0) return found;
    const lease = this.useLeases ? this.leases.take(missing) : undefined;
    try {
      const fromBackup = await this.backup.multiGet(missing);
      this.stats.backupReads++;
      for (const key of missing) if (!fromBackup.has(key) && (lease?.isValid(key) ?? true)) this.negative.remember(key);
      if (fromBackup.size === 0) return found;
      const backfill = new Map<Key, T>();
      const byId = new Map<string, T>();
      for (const [key, value] of fromBackup) {
        byId.set(keyId(key), value);
        if (lease === undefined || lease.isValid(key)) backfill.set(key, value);
        else this.stats.staleBackfillsSkipped++;
      }
      // Only one spelling of a key (7 or "7") was asked of the backup; answer every spelling asked.
      for (const key of keys) {
        const value = found.has(key) ? undefined : byId.get(keyId(key));
        if (value !== undefined) found.set(key, value);
      }
      if (!preferedDown && backfill.size > 0) {
        if (remoteLeases === undefined) await this.backfill('multiGet', () => this.prefered.multiSet(backfill), backfill.size);
        else await this.backfillLeased(backfill, remoteLeases);
      }
      return found;
    } finally {
      lease?.release();
    }
  }

  /** Cache, then backup. A failed backup write evicts the cache entries. */
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    assertEntryKeys(entries);
    if (entries.size === 0) return;
    const keys = [...entries.keys()];
    await this.write(keys, async () => {
      await this.preferedWrite('multiSet', () => this.prefered.multiSet(entries));
      await this.backupWrite(keys, () => this.backup.multiSet(entries));
    });
  }

  /** Backup first, then the cache. */
  async delete(...keys: Key[]): Promise<void> {
    assertKeys(keys);
    if (keys.length === 0) return;
    await this.write(keys, async () => {
      await this.backup.delete(...keys);
      await this.preferedWrite('delete', () => this.prefered.delete(...keys));
    });
  }

  /** Cache, then backup; resolves with the backup's value. */
  incr(key: Key, by = 1): Promise<number> {
    return this.count('incr', key, by);
  }

  /** Cache, then backup; resolves with the backup's value. */
  decr(key: Key, by = 1): Promise<number> {
    return this.count('decr', key, by);
  }

  /** Drops local knowledge of `keys` here and in nested proxies (a remote writer changed them). */
  async invalidateLocal(keys: readonly Key[]): Promise<void> {
    this.leases.spoil(keys);
    this.negative.forget(keys);
    for (const key of keys) this.flights.delete(keyId(key));
    if ((this.prefered as { inProcess?: boolean }).inProcess === true) await this.prefered.delete(...keys);
    if (isLocallyInvalidatable(this.prefered)) await this.prefered.invalidateLocal(keys);
    if (isLocallyInvalidatable(this.backup)) await this.backup.invalidateLocal(keys);
  }

  /** Drops all local knowledge: in-process levels are cleared, running reads will not backfill. */
  async invalidateAllLocal(): Promise<void> {
    this.leases.spoilEverything();
    this.negative.clear();
    this.flights.clear();
    const prefered = this.prefered as { inProcess?: boolean; clear?: () => void };
    if (prefered.inProcess === true && typeof prefered.clear === 'function') prefered.clear();
    if (isLocallyInvalidatable(this.prefered)) await this.prefered.invalidateAllLocal();
    if (isLocallyInvalidatable(this.backup)) await this.backup.invalidateAllLocal();
  }

  /** Open leases and running writes; 0 when idle. */
  get pendingLeases(): number {
    return this.leases.size;
  }

  private async readThrough(key: Key, preferedDown: boolean, remoteLease: string | null | undefined): Promise<T> {
    const lease = this.useLeases ? this.leases.take([key]) : undefined;
    try {
      let value: T;
      try {
        value = await this.backup.get(key);
      } catch (err) {
        if (isEmpty(err) && (lease?.isValid(key) ?? true)) this.negative.remember(key);
        throw err;
      }
      this.stats.backupReads++;
      if (lease !== undefined && !lease.isValid(key)) {
        this.stats.staleBackfillsSkipped++;
      } else if (!preferedDown) {
        const leasing = this.leasing;
        if (remoteLease === undefined) await this.backfill('get', () => this.prefered.set(key, value), 1);
        // A false fill: a write (maybe in another process) revoked the lease; the value may be stale.
        else if (remoteLease !== null && leasing !== undefined) await this.backfill('get', () => leasing.fillIfLeased(key, value, remoteLease), 1);
      }
      return value;
    } finally {
      lease?.release();
    }
  }

  private async write(keys: readonly Key[], run: () => Promise<void>): Promise<void> {
    this.leases.beginWrite(keys);
    this.negative.forget(keys);
    for (const key of keys) this.flights.delete(keyId(key));
    try {
      await run();
    } finally {
      this.leases.endWrite(keys);
    }
  }

  private async preferedWrite(operation: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.stats.preferedErrors++;
      if (!this.mask) throw err;
      this.onError(err, operation);
    }
  }

  private async backupWrite(keys: readonly Key[], run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      // The cache was written first; evict so it never holds what the store of record refused.
      await this.prefered.delete(...keys).catch((evictErr: unknown) => this.onError(evictErr, 'evict'));
      throw err;
    }
  }

  /** Backfills only the keys this read holds a shared-cache lease for, and only while it is live. */
  private async backfillLeased(backfill: ReadonlyMap<Key, T>, remoteLeases: ReadonlyMap<Key, string>): Promise<void> {
    const leased = new Map<Key, { value: T; lease: string }>();
    for (const [key, value] of backfill) {
      const lease = remoteLeases.get(key);
      if (lease !== undefined) leased.set(key, { value, lease }); // no lease: another reader fills it
    }
    if (leased.size === 0 || this.leasing === undefined) return;
    try {
      const stored = await this.leasing.multiFillIfLeased(leased);
      this.stats.backfills += stored.length;
      this.stats.staleBackfillsSkipped += leased.size - stored.length;
    } catch (err) {
      this.stats.backfillErrors++;
      this.onError(err, 'multiGet backfill');
    }
  }

  /** Runs a backfill, counting it; `run` resolving false means a lease said no (counted as skipped). */
  private async backfill(operation: string, run: () => Promise<boolean | void>, count: number): Promise<void> {
    try {
      if ((await run()) === false) this.stats.staleBackfillsSkipped += count;
      else this.stats.backfills += count;
    } catch (err) {
      this.stats.backfillErrors++;
      this.onError(err, `${operation} backfill`);
    }
  }

  private async count(operation: 'incr' | 'decr', key: Key, by: number): Promise<number> {
    assertKey(key);
    const prefered = this.prefered[operation];
    const backup = this.backup[operation];
    if (prefered === undefined) throw new UnsupportedOperationError(operation, 'the prefered storage');
    if (backup === undefined) throw new UnsupportedOperationError(operation, 'the backup storage');
    let result = 0;
    await this.write([key], async () => {
      await this.preferedWrite(operation, async () => {
        await prefered.call(this.prefered, key, by);
      });
      result = await backup.call(this.backup, key, by);
    });
    return result;
  }
}
