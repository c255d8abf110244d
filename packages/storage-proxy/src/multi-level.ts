// multiLevel([memory, redisL1, redisL2, db]) = proxy(memory, proxy(redisL1, proxy(redisL2, db))):
// slides 27-28. A hit at one level backfills every level above it, because each proxy backfills
// its own prefered level on the way back up.
import { InvalidOptionsError } from './errors';
import type { InvalidationBus } from './invalidation';
import type { ProxyStats } from './proxy-stats';
import type { StorageProxyOptions } from './proxy-options';
import { StorageProxy } from './storage-proxy';
import type { Key, Storage } from './types';

/** Options of {@link multiLevel}. */
export interface MultiLevelOptions extends StorageProxyOptions {
  /**
   * Cache failures (Redis down or slow) are served from the levels below and counted.
   * @default 'fallback'
   */
  onPreferedError?: 'throw' | 'fallback';
  /** Remember misses of the whole stack this long (ms), at the top level only; 0 is off. @default 1000 */
  negativeTtlMs?: number;
  /** Publishes written keys and drops in-process copies of keys written by other instances. @default undefined */
  invalidation?: InvalidationBus;
}

/** The nested proxies as one Storage, with their counters and the invalidation wiring. */
export class MultiLevelStorage<T> implements Storage<T> {
  private readonly unsubscribe: () => void;

  constructor(
    /** The outermost proxy (level 0 in front of the rest). */
    readonly top: StorageProxy<T>,
    /** Every proxy, outermost first: proxies[i] has levels[i] as its prefered storage. */
    readonly proxies: readonly StorageProxy<T>[],
    private readonly bus: InvalidationBus | undefined,
    private readonly onError: (err: unknown, operation: string) => void,
  ) {
    this.unsubscribe = bus === undefined ? () => undefined : bus.subscribe((keys) => this.onRemoteWrite(keys));
  }

  /** See StorageProxy.get. */
  get(key: Key): Promise<T> {
    return this.top.get(key);
  }

  /** See StorageProxy.set; then tells other instances. */
  async set(key: Key, value: T): Promise<void> {
    await this.top.set(key, value);
    await this.announce([key]);
  }

  /** See StorageProxy.add; then tells other instances. */
  async add(key: Key | null, value: T): Promise<Key> {
    const assigned = await this.top.add(key, value);
    await this.announce([assigned]);
    return assigned;
  }

  /** See StorageProxy.multiGet. */
  multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    return this.top.multiGet(keys);
  }

  /** See StorageProxy.multiSet; then tells other instances. */
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    await this.top.multiSet(entries);
    await this.announce([...entries.keys()]);
  }

  /** See StorageProxy.delete; then tells other instances. */
  async delete(...keys: Key[]): Promise<void> {
    await this.top.delete(...keys);
    await this.announce(keys);
  }

  /** See StorageProxy.incr; then tells other instances. */
  async incr(key: Key, by = 1): Promise<number> {
    const value = await this.top.incr(key, by);
    await this.announce([key]);
    return value;
  }

  /** See StorageProxy.decr; then tells other instances. */
  async decr(key: Key, by = 1): Promise<number> {
    const value = await this.top.decr(key, by);
    await this.announce([key]);
    return value;
  }

  /** Counters of every level, outermost first, plus their sum. */
  stats(): { levels: ProxyStats[]; total: ProxyStats } {
    const levels = this.proxies.map((p) => ({ ...p.stats }));
    const total = { ...levels[0]! };
    for (const level of levels.slice(1)) {
      for (const name of Object.keys(total) as Array<keyof ProxyStats>) total[name] += level[name];
    }
    return { levels, total };
  }

  /** Stops listening for remote invalidations (the bus itself is the caller's to close). */
  close(): void {
    this.unsubscribe();
  }

  private async announce(keys: readonly Key[]): Promise<void> {
    if (this.bus === undefined || keys.length === 0) return;
    // The write itself succeeded; a lost announcement leaves other instances stale only until
    // their in-process TTL, so it is reported, not thrown.
    await this.bus.publish(keys).catch((err: unknown) => this.onError(err, 'publish invalidation'));
  }

  private onRemoteWrite(keys: Key[] | null): void {
    const done = keys === null ? this.top.invalidateAllLocal() : this.top.invalidateLocal(keys);
    done.catch((err: unknown) => this.onError(err, 'remote invalidation'));
  }
}

/**
 * Nests `levels` (fastest first, store of record last) into proxies:
 * `multiLevel([a, b, c, db])` is `proxy(a, proxy(b, proxy(c, db)))`.
 */
export function multiLevel<T>(levels: readonly Storage<T>[], options: MultiLevelOptions = {}): MultiLevelStorage<T> {
  if (!Array.isArray(levels) || levels.length < 2) {
    throw new InvalidOptionsError('multiLevel needs at least two levels: a cache and a store of record');
  }
  const { invalidation, negativeTtlMs = 1000, onPreferedError = 'fallback', ...shared } = options;
  const onError = shared.onError ?? (() => undefined);
  const base: StorageProxyOptions = { ...shared, onPreferedError, onError };
  const proxies: StorageProxy<T>[] = [];
  let below: Storage<T> = levels[levels.length - 1]!;
  for (let i = levels.length - 2; i >= 0; i--) {
    // Misses are remembered only at the top: it sees every read, and one place is one to clear.
    const proxy: StorageProxy<T> = new StorageProxy<T>(levels[i]!, below, { ...base, negativeTtlMs: i === 0 ? negativeTtlMs : 0 });
    proxies.unshift(proxy);
    below = proxy;
  }
  return new MultiLevelStorage(proxies[0]!, proxies, invalidation, onError);
}
