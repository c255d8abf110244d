// The one storage interface every level implements (reference §5.2-5.3: 1024casts/storage in TS).
import { EmptyObjectError } from './errors';

/** A storage key: a string or a safe integer (the Go `String` and `Int` keys). */
export type Key = string | number;

/**
 * A key/value store of objects of type T: a cache level or a database table.
 * `get` of a missing key rejects with {@link EmptyObjectError}; every other rejection is a failure.
 */
export interface Storage<T> {
  /** The value under `key`; rejects with EmptyObjectError when there is none. */
  get(key: Key): Promise<T>;
  /** Stores `value` under `key`, replacing what was there (an upsert). */
  set(key: Key, value: T): Promise<void>;
  /**
   * Inserts `value`; the key must not exist yet. `key` may be null where the store assigns keys
   * (an auto-increment column). Resolves with the key the value was stored under.
   */
  add(key: Key | null, value: T): Promise<Key>;
  /** The values found for `keys`, keyed exactly as asked: misses are simply absent. */
  multiGet(keys: readonly Key[]): Promise<Map<Key, T>>;
  /** Stores every entry of `entries`. */
  multiSet(entries: ReadonlyMap<Key, T>): Promise<void>;
  /** Removes `keys`; a key that is not there is not an error. */
  delete(...keys: Key[]): Promise<void>;
  /** Adds `by` (default 1) to the integer under `key` and resolves with the new value. */
  incr?(key: Key, by?: number): Promise<number>;
  /** Subtracts `by` (default 1) from the integer under `key` and resolves with the new value. */
  decr?(key: Key, by?: number): Promise<number>;
}

/** A storage that also counts: `incr` and `decr` are present. */
export type CounterStorage<T> = Storage<T> & Required<Pick<Storage<T>, 'incr' | 'decr'>>;

/**
 * Capability that generated code detects: a storage (or entity) with `doDelete` wants it called
 * instead of the generic `delete`, e.g. for a soft delete or to invalidate several keys at once.
 */
export interface Deleteable {
  /** Deletes `keys` the storage's own way. */
  doDelete(...keys: Key[]): Promise<void>;
}

/** An object whose key may change when it is stored (the DB assigns it on INSERT). */
export interface KeyChangeable {
  /** True when the key returned by `getKey` should replace the key passed to `add`. */
  isKeyChangeable(): boolean;
}

/** An object that knows its own key. */
export interface KeyGetter {
  /** The object's key as stored. */
  getKey(): Key;
}

/** What {@link LeaseCapable.getOrLease} found: the value, or a miss with a lease (null: someone else holds it). */
export type LeasedRead<T> = { hit: true; value: T } | { hit: false; lease: string | null };

/**
 * A shared cache (Redis) that closes the late-backfill race across processes: a miss hands out a
 * lease, every write of the key revokes it, and a backfill is stored only under a valid lease.
 * StorageProxy uses it for `get` when the prefered storage has it.
 */
export interface LeaseCapable<T> {
  /** The value, or on a miss a lease token for `fillIfLeased` (null when another reader holds one). */
  getOrLease(key: Key): Promise<LeasedRead<T>>;
  /** Stores `value` only if `lease` was not revoked by a write; resolves true when stored. */
  fillIfLeased(key: Key, value: T, lease: string): Promise<boolean>;
  /** multiGet, plus a lease for each missing key no other reader holds. */
  multiGetOrLease(keys: readonly Key[]): Promise<{ found: Map<Key, T>; leases: Map<Key, string> }>;
  /** fillIfLeased for each entry; resolves with the keys actually stored. */
  multiFillIfLeased(entries: ReadonlyMap<Key, { value: T; lease: string }>): Promise<Key[]>;
}

/** A write in progress on a {@link WriteFencing} cache: what `completeWrite` needs to lift it. */
export interface WriteFence {
  /** The keys fenced. */
  readonly keys: readonly Key[];
  /** This writer's token. */
  readonly token: string;
}

/**
 * A shared cache (Redis) that keeps writes of the store of record from leaving stale entries:
 * before the write the keys are invalidated and fenced (no lease, so no backfill, while the
 * write runs); after it the values are written through unless another write of the key
 * overlapped, in which case the key is deleted. StorageProxy uses it for every write.
 */
export interface WriteFencing<T> {
  /** Deletes `keys`, revokes their read leases and fences them; rejects when the cache cannot be reached. */
  fenceWrite(keys: readonly Key[]): Promise<WriteFence>;
  /** Lifts the fence: stores `values` (the keys no other write overlapped), deletes the others; null deletes them all. */
  completeWrite(fence: WriteFence, values: ReadonlyMap<Key, T> | null): Promise<void>;
}

/** True when `storage` implements {@link WriteFencing}. */
export function isWriteFencing<T>(storage: Storage<T>): storage is Storage<T> & WriteFencing<T> {
  const s = storage as Partial<WriteFencing<T>>;
  return typeof s.fenceWrite === 'function' && typeof s.completeWrite === 'function';
}

/** True when `storage` implements {@link LeaseCapable}. */
export function isLeaseCapable<T>(storage: Storage<T>): storage is Storage<T> & LeaseCapable<T> {
  const s = storage as Partial<LeaseCapable<T>>;
  return (
    typeof s.getOrLease === 'function' &&
    typeof s.fillIfLeased === 'function' &&
    typeof s.multiGetOrLease === 'function' &&
    typeof s.multiFillIfLeased === 'function'
  );
}

/** True when `value` implements {@link Deleteable}. */
export function isDeleteable(value: unknown): value is Deleteable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Deleteable>).doDelete === 'function';
}

/** True when `value` implements both {@link KeyChangeable} and {@link KeyGetter}. */
export function isKeyChangeable(value: unknown): value is KeyChangeable & KeyGetter {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<KeyChangeable & KeyGetter>;
  return typeof v.isKeyChangeable === 'function' && typeof v.getKey === 'function';
}

/** True when `err` is a miss ({@link EmptyObjectError}) rather than a failure. */
export function isEmpty(err: unknown): err is EmptyObjectError {
  return err instanceof EmptyObjectError;
}
