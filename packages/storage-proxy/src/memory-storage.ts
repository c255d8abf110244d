// The in-process object cache (slide 30's winner): values are kept as the objects themselves, so a
// hit costs a map lookup and no decode. Callers must treat returned objects as read-only.
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '@gatehouse/foundation';
import { DuplicateKeyError, EmptyObjectError, EncodeError, InvalidKeyError, InvalidOptionsError } from './errors';
import { assertEntryKeys, assertKey, assertKeys, keyId } from './keys';
import { estimateBytes } from './size-of';
import type { CounterStorage, Key } from './types';

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions<T> {
  /** Most entries kept; the least recently used go first. @default 10000 */
  maxEntries?: number;
  /** Most estimated bytes kept (see `sizeOf`); unbounded when omitted. @default undefined */
  maxBytes?: number;
  /** An entry expires once more than ttlMs milliseconds passed since it was set; 0 keeps it until evicted. @default 0 */
  ttlMs?: number;
  /** Time source for TTLs (its monotonic time); inject a ManualClock in tests. @default systemClock */
  clock?: Clock;
  /** Byte size of a value for `maxBytes`. @default estimateBytes (a structural estimate) */
  sizeOf?: (value: T) => number;
}

// One cache entry: the object, and the settled promise `get` hands out for it, made on the first
// hit and reused after, so a hit allocates nothing (half the cost of a hit on this machine).
interface Entry {
  value: NonNullable<unknown>;
  settled: Promise<unknown> | undefined;
}

/** An LRU object cache bounded by entries and bytes, with a TTL; implements Storage and counters. */
export class MemoryStorage<T> implements CounterStorage<T> {
  /** Marks an in-process level: multiLevel clears these on a remote invalidation. */
  readonly inProcess = true;
  private readonly lru: LRUCache<string, Entry>;

  constructor(options: MemoryStorageOptions<T> = {}) {
    const { maxEntries = 10_000, maxBytes, ttlMs = 0, clock, sizeOf = estimateBytes } = options;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new InvalidOptionsError('MemoryStorage maxEntries must be a positive integer');
    if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 1)) {
      throw new InvalidOptionsError('MemoryStorage maxBytes must be a positive integer');
    }
    if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new InvalidOptionsError('MemoryStorage ttlMs must be a non-negative number');
    this.lru = new LRUCache<string, Entry>({
      max: maxEntries,
      ...(maxBytes === undefined ? {} : { maxSize: maxBytes, sizeCalculation: (e: Entry) => Math.max(1, sizeOf(e.value as T)) }),
      ...(ttlMs > 0 ? { ttl: ttlMs, perf: monotonicOf(clock ?? systemClock), ttlResolution: clock ? 0 : 1, updateAgeOnGet: false } : {}),
    });
  }

  /** The stored object itself (not a copy); rejects with EmptyObjectError on a miss. */
  get(key: Key): Promise<T> {
    const entry = this.lru.get(typeof key === 'string' ? key : String(key));
    if (entry !== undefined) return (entry.settled ??= Promise.resolve(entry.value)) as Promise<T>;
    // Validate only on the slow path: a hit proves the key was valid when it was set.
    try {
      assertKey(key);
    } catch (err) {
      return Promise.reject(err);
    }
    return Promise.reject(new EmptyObjectError(key));
  }

  /** Synchronous lookup for hot paths: the object, or undefined on a miss. */
  peek(key: Key): T | undefined {
    return this.lru.get(keyId(key))?.value as T | undefined;
  }

  /** Stores `value` (by reference) under `key`. */
  async set(key: Key, value: T): Promise<void> {
    assertKey(key);
    this.lru.set(keyId(key), storable(value));
  }

  /** Stores `value` unless `key` is present (DuplicateKeyError); a null key is refused. */
  async add(key: Key | null, value: T): Promise<Key> {
    if (key === null) throw new InvalidKeyError(key, 'an in-process cache cannot assign keys');
    assertKey(key);
    const stored = storable(value);
    if (this.lru.has(keyId(key))) throw new DuplicateKeyError(key);
    this.lru.set(keyId(key), stored);
    return key;
  }

  /** The hits among `keys`, keyed as asked. */
  async multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    assertKeys(keys);
    const found = new Map<Key, T>();
    for (const key of keys) {
      const entry = this.lru.get(keyId(key));
      if (entry !== undefined) found.set(key, entry.value as T);
    }
    return found;
  }

  /** Stores every entry; all keys and values are checked before the first is stored. */
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    assertEntryKeys(entries);
    const checked: Array<[Key, Entry]> = [];
    for (const [key, value] of entries) checked.push([key, storable(value)]);
    for (const [key, value] of checked) this.lru.set(keyId(key), value);
  }

  /** Removes `keys`. */
  async delete(...keys: Key[]): Promise<void> {
    assertKeys(keys);
    for (const key of keys) this.lru.delete(keyId(key));
  }

  /** Adds `by` to the number under `key` (0 when absent). */
  async incr(key: Key, by = 1): Promise<number> {
    assertKey(key);
    if (!Number.isSafeInteger(by)) throw new EncodeError('counter', new TypeError('the increment must be a safe integer'));
    const current = this.lru.get(keyId(key))?.value;
    if (current !== undefined && typeof current !== 'number') {
      throw new EncodeError('counter', new TypeError(`the value under ${JSON.stringify(key)} is not a number`));
    }
    const next = (current ?? 0) + by;
    this.lru.set(keyId(key), { value: next, settled: undefined });
    return next;
  }

  /** Subtracts `by` from the number under `key` (0 when absent). */
  decr(key: Key, by = 1): Promise<number> {
    return this.incr(key, -by);
  }

  /** Drops every entry (used when the process cannot know which keys went stale). */
  clear(): void {
    this.lru.clear();
  }

  /** Entry count and estimated bytes held. */
  stats(): { entries: number; bytes: number } {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }
}

function storable<T>(value: T): Entry {
  if (value === undefined || value === null) {
    throw new EncodeError('object', new TypeError('null and undefined cannot be stored; delete the key instead'));
  }
  return { value, settled: undefined };
}

/** lru-cache's `perf` source: the clock's monotonic milliseconds, plus 1 (lru-cache reads a start time of 0 as "no TTL"). */
function monotonicOf(clock: Clock): { now(): number } {
  return { now: () => clock.monotonic() + 1 };
}
