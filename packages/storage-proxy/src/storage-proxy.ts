// StorageProxy(prefered, backup): cache-aside with backfill, with the rules of reference §5.3
// (README "Semantics"), plus single-flight for get and multiGet, negative caching, lease-checked
// backfills, and writes that invalidate the cache before the store of record (cache-writer.ts).
import { systemClock } from '@gatehouse/foundation';
import { CacheWriter } from './cache-writer';
import { Refiller } from './refiller';
import { EmptyObjectError, UnsupportedOperationError } from './errors';
import { type Outcome, Flights } from './flights';
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
  private readonly flights = new Flights<T>();
  private readonly leases = new ReadLeases();
  private readonly writer: CacheWriter<T>;
  private readonly refiller: Refiller<T>;
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
    const clock = options.clock ?? systemClock;
    this.negative = new NegativeCache(options.negativeTtlMs ?? 0, options.negativeMaxEntries ?? 10_000, clock);
    this.onError = options.onError ?? (() => undefined);
    this.leasing = this.useLeases && isLeaseCapable(prefered) ? prefered : undefined;
    this.writer = new CacheWriter(prefered);
    this.refiller = new Refiller(this.leasing, backup, this.leases, this.stats, this.onError, clock);
  }

  /** Cache first; on a miss only, the backup (one read per key at a time), then backfill the cache. */
  async get(key: Key): Promise<T> {
    assertKey(key); // a bad key is the caller's error, never counted as a cache failure
    let preferedDown = false;
    // A shared cache with leases (Redis) hands out a backfill lease on a miss: undefined = no
    // lease protocol, null = another reader holds the lease (or a write is fenced).
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
    // A holder of the shared cache's lease reads the backup itself: a read already running may
    // have started before the lease was granted, and backfilling its value could undo a write.
    const running = this.singleFlight && typeof remoteLease !== 'string' ? this.flights.get(key) : undefined;
    let outcome: Outcome<T>;
    if (running !== undefined) {
      this.stats.singleFlightJoins++;
      outcome = await running;
    } else {
      const leases = typeof remoteLease === 'string' ? new Map([[key, remoteLease]]) : undefined;
      outcome = await this.lead([key], preferedDown, leases, true).get(keyId(key))!;
    }
    if (!outcome.found) throw new EmptyObjectError(key);
    return outcome.value;
  }

  /** Invalidates the cache, writes the backup, then writes the cache (unless another write overlapped). */
  async set(key: Key, value: T): Promise<void> {
    assertKey(key);
    if (value === null || value === undefined) return;
    await this.multiWrite([key], () => this.backup.set(key, value), new Map([[key, value]]));
  }

  /** Backup first (it may assign the key), then the cache under the key the backup assigned. */
  async add(key: Key | null, value: T): Promise<Key> {
    if (key !== null) assertKey(key);
    let assigned: Key = key ?? '';
    // A known key is invalidated and fenced during the insert, so a concurrent miss can neither
    // backfill nor remember the absence it read just before the row appeared.
    await this.write(key === null ? [] : [key], async () => {
      const cache = key === null ? undefined : await this.beginCacheWrite([key]);
      try {
        assigned = await this.backup.add(key, value);
      } catch (err) {
        if (cache !== undefined) await this.completeCacheWrite(cache, null);
        throw err;
      }
      if (isKeyChangeable(value) && value.isKeyChangeable()) assigned = value.getKey();
      assertKey(assigned);
      const same = key !== null && keyId(key) === keyId(assigned);
      if (cache !== undefined) await this.completeCacheWrite(cache, same ? new Map([[key, value]]) : null);
    });
    if (key === null || keyId(key) !== keyId(assigned)) {
      // The row is durable now: a cache failure is counted, not thrown (a retry would duplicate).
      await this.write([assigned], async () => {
        const cache = await this.beginCacheWrite([assigned]);
        await this.completeCacheWrite(cache, new Map([[assigned, value]]));
      }).catch((err: unknown) => {
        this.stats.cacheWriteErrors++;
        this.onError(err, 'add');
      });
    }
    return assigned;
  }

  /** The cache's hits, then the backup for the missing keys only (joining reads already running), backfilled. */
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
    const joined = new Map<string, Promise<Outcome<T>>>();
    const lead: Key[] = [];
    const seen = new Set<string>();
    for (const key of keys) {
      const id = keyId(key);
      if (found.has(key) || seen.has(id)) continue;
      seen.add(id);
      if (this.negative.has(key)) {
        this.stats.negativeHits++;
        continue;
      }
      const running = this.singleFlight && !remoteLeases?.has(key) ? this.flights.get(key) : undefined;
      if (running !== undefined) {
        this.stats.singleFlightJoins++;
        joined.set(id, running);
      } else lead.push(key);
    }
    this.stats.misses += joined.size + lead.length;
    const led = lead.length > 0 ? this.lead(lead, preferedDown, remoteLeases, false) : new Map<string, Promise<Outcome<T>>>();
    const byId = new Map<string, T>();
    for (const [id, pending] of [...led, ...joined]) {
      const outcome = await pending;
      if (outcome.found) byId.set(id, outcome.value);
    }
    // Answer every spelling of a key asked (7 and "7"), from one backup read.
    for (const key of keys) {
      const value = found.has(key) ? undefined : byId.get(keyId(key));
      if (value !== undefined) found.set(key, value);
    }
    return found;
  }

  /** Invalidates the cache, writes the backup, then writes the cache (keys no other write overlapped). */
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    assertEntryKeys(entries);
    if (entries.size === 0) return;
    await this.multiWrite([...entries.keys()], () => this.backup.multiSet(entries), entries);
  }

  /** Invalidates the cache, then deletes from the backup (the cache stays invalidated). */
  async delete(...keys: Key[]): Promise<void> {
    assertKeys(keys);
    if (keys.length === 0) return;
    await this.multiWrite(keys, () => this.backup.delete(...keys), null);
  }

  /** Invalidates the cache, then counts in the backup; resolves with the backup's value. */
  incr(key: Key, by = 1): Promise<number> {
    return this.count('incr', key, by);
  }

  /** Invalidates the cache, then counts in the backup; resolves with the backup's value. */
  decr(key: Key, by = 1): Promise<number> {
    return this.count('decr', key, by);
  }

  /** Drops local knowledge of `keys` here and in nested proxies (a remote writer changed them). */
  async invalidateLocal(keys: readonly Key[]): Promise<void> {
    this.leases.spoil(keys);
    this.negative.forget(keys);
    this.flights.forget(keys);
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

  /** Starts one backup read for `keys` (registered for joiners), backfilling what it finds. */
  private lead(keys: readonly Key[], preferedDown: boolean, remoteLeases: ReadonlyMap<Key, string> | undefined, single: boolean): Map<string, Promise<Outcome<T>>> {
    const read = async (): Promise<Map<string, Outcome<T>>> => {
      const lease = this.useLeases ? this.leases.take(keys) : undefined;
      try {
        const found = await this.readBackup(keys, single);
        this.stats.backupReads++;
        const out = new Map<string, Outcome<T>>();
        const backfill = new Map<Key, T>();
        for (const key of keys) {
          const value = found.get(key);
          const valid = lease?.isValid(key) ?? true;
          if (value === undefined) {
            out.set(keyId(key), { found: false });
            if (valid) this.negative.remember(key);
            continue;
          }
          out.set(keyId(key), { found: true, value });
          if (valid) backfill.set(key, value);
          else this.stats.staleBackfillsSkipped++;
        }
        if (!preferedDown && backfill.size > 0) await this.backfill(backfill, remoteLeases, single);
        // The cache did not answer in time, so this read holds no lease and cannot backfill what
        // it read: refill in the background under fresh leases, read after they were granted.
        if (preferedDown && this.leasing !== undefined && backfill.size > 0) this.refiller.refill([...backfill.keys()]);
        return out;
      } finally {
        lease?.release();
      }
    };
    return this.flights.lead(keys, read, this.singleFlight);
  }

  private async readBackup(keys: readonly Key[], single: boolean): Promise<Map<Key, T>> {
    if (!single) return this.backup.multiGet(keys);
    try {
      return new Map([[keys[0]!, await this.backup.get(keys[0]!)]]);
    } catch (err) {
      if (isEmpty(err)) return new Map();
      throw err;
    }
  }

  /** Backfills `entries`; with a shared-cache lease protocol only the keys this read holds a lease for. */
  private async backfill(entries: ReadonlyMap<Key, T>, remoteLeases: ReadonlyMap<Key, string> | undefined, single: boolean): Promise<void> {
    const leasing = this.leasing;
    try {
      if (leasing === undefined) {
        if (single) {
          const [[key, value]] = entries;
          await this.prefered.set(key, value);
        } else await this.prefered.multiSet(entries);
        this.stats.backfills += entries.size;
        return;
      }
      const leased = new Map<Key, { value: T; lease: string }>();
      for (const [key, value] of entries) {
        const lease = remoteLeases?.get(key);
        if (lease !== undefined) leased.set(key, { value, lease }); // no lease: another reader fills it
      }
      if (leased.size === 0) return;
      const stored = single ? ((await leasing.fillIfLeased(...only(leased))) ? 1 : 0) : (await leasing.multiFillIfLeased(leased)).length;
      // A false fill: a write (maybe in another process) revoked the lease; the value may be stale.
      this.stats.backfills += stored;
      this.stats.staleBackfillsSkipped += leased.size - stored;
    } catch (err) {
      this.stats.backfillErrors++;
      this.onError(err, single ? 'get backfill' : 'multiGet backfill');
    }
  }

  /** A write of `keys`: cache invalidated first (or the write fails untouched), backup, then cache. */
  private multiWrite(keys: readonly Key[], writeBackup: () => Promise<unknown>, values: ReadonlyMap<Key, T> | null): Promise<void> {
    return this.write(keys, async () => {
      const cache = await this.beginCacheWrite(keys);
      try {
        await writeBackup();
      } catch (err) {
        await this.completeCacheWrite(cache, null);
        throw err;
      }
      await this.completeCacheWrite(cache, values);
    });
  }

  private async beginCacheWrite(keys: readonly Key[]): Promise<{ complete(values: ReadonlyMap<Key, T> | null): Promise<void> }> {
    try {
      return await this.writer.begin(keys);
    } catch (err) {
      this.stats.preferedErrors++;
      throw err; // nothing was written: a write the cache cannot see would leave it stale
    }
  }

  private async completeCacheWrite(cache: { complete(values: ReadonlyMap<Key, T> | null): Promise<void> }, values: ReadonlyMap<Key, T> | null): Promise<void> {
    try {
      await cache.complete(values);
    } catch (err) {
      this.stats.cacheWriteErrors++;
      this.onError(err, 'cache write');
    }
  }

  /** Local bookkeeping of a write: spoils running reads' leases, forgets misses and flights. */
  private async write(keys: readonly Key[], run: () => Promise<void>): Promise<void> {
    this.leases.beginWrite(keys);
    this.negative.forget(keys);
    this.flights.forget(keys);
    try {
      await run();
    } finally {
      this.leases.endWrite(keys);
    }
  }

  private async count(operation: 'incr' | 'decr', key: Key, by: number): Promise<number> {
    assertKey(key);
    const backup = this.backup[operation];
    if (backup === undefined) throw new UnsupportedOperationError(operation, 'the backup storage');
    let result = 0;
    await this.multiWrite([key], async () => {
      result = await backup.call(this.backup, key, by);
    }, null);
    return result;
  }
}

function only<V>(entries: ReadonlyMap<Key, { value: V; lease: string }>): [Key, V, string] {
  const [[key, { value, lease }]] = entries;
  return [key, value, lease];
}
