// Variant (c), the bigcache stand-in: an in-process cache of encoded bytes. Every hit decodes a
// fresh object (JSON.parse), which is exactly the cost the object cache avoids (slide 30).
import { type Codec, EmptyObjectError, type Key, type Storage, assertKey, assertKeys, jsonCodec } from '@gatehouse/storage-proxy';

/** Options of {@link ByteCacheStorage}. */
export interface ByteCacheOptions<T> {
  /** Most entries kept; the oldest insert goes first (bigcache evicts by age, not by use). @default 100000 */
  maxEntries?: number;
  /** Encoding of the stored bytes. @default jsonCodec() */
  codec?: Codec<T>;
}

/** A Storage that keeps values as bytes in a Map and decodes them on every read. */
export class ByteCacheStorage<T> implements Storage<T> {
  private readonly bytes = new Map<Key, Buffer>();
  private readonly maxEntries: number;
  private readonly codec: Codec<T>;

  constructor(options: ByteCacheOptions<T> = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.codec = options.codec ?? jsonCodec<T>();
  }

  /** Decodes the stored bytes into a new object; EmptyObjectError on a miss. */
  async get(key: Key): Promise<T> {
    const data = this.bytes.get(key);
    if (data === undefined) {
      assertKey(key);
      throw new EmptyObjectError(key);
    }
    return this.decode(data);
  }

  /** Encodes and stores `value`. */
  async set(key: Key, value: T): Promise<void> {
    assertKey(key);
    this.put(key, this.codec.encode(value));
  }

  /** Stores `value` under `key` (the cache never assigns keys). */
  async add(key: Key | null, value: T): Promise<Key> {
    assertKey(key);
    this.put(key, this.codec.encode(value));
    return key;
  }

  /** Decodes every hit. */
  async multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    assertKeys(keys);
    const found = new Map<Key, T>();
    for (const key of keys) {
      const data = this.bytes.get(key);
      if (data !== undefined) found.set(key, this.decode(data));
    }
    return found;
  }

  /** Encodes and stores every entry. */
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    const encoded = [...entries].map(([key, value]) => {
      assertKey(key);
      return [key, this.codec.encode(value)] as const;
    });
    for (const [key, data] of encoded) this.put(key, data);
  }

  /** Forgets `keys`. */
  async delete(...keys: Key[]): Promise<void> {
    for (const key of keys) this.bytes.delete(key);
  }

  private put(key: Key, encoded: Buffer | string): void {
    // Keep bytes, as bigcache keeps []byte: a hit pays utf-8 decoding and parsing.
    this.bytes.delete(key);
    this.bytes.set(key, typeof encoded === 'string' ? Buffer.from(encoded) : encoded);
    if (this.bytes.size > this.maxEntries) this.bytes.delete(this.bytes.keys().next().value as Key);
  }

  private decode(data: Buffer): T {
    return this.codec.decode(data);
  }
}
