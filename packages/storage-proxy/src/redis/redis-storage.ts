// A Redis cache level on ioredis: key `prefix_key`, TTL, MGET/MSET batched in pipelines, a codec,
// and a deadline on every command so a dead or slow Redis fails fast (see timeout.ts).
import type Redis from 'ioredis';
import { type Codec, jsonCodec } from '../codec';
import { DecodeError, DuplicateKeyError, EmptyObjectError, EncodeError, InvalidKeyError, InvalidOptionsError } from '../errors';
import { assertEntryKeys, assertKey, assertKeys } from '../keys';
import type { CounterStorage, Key, LeaseCapable, LeasedRead, WriteFence, WriteFencing } from '../types';
import { completeWrite, fenceWrite, fillIfLeased, getOrLease, type LeaseContext, multiFillIfLeased, multiGetOrLease } from './lease-ops';
import { msgpackCodec } from './msgpack-codec';
import { checkReplies, checkReply, chunk } from './replies';
import { withDeadline } from './timeout';

/** Options of {@link RedisStorage}. */
export interface RedisStorageOptions<T> {
  /** The ioredis client; build it with createCacheRedis() to get the offline queue off. */
  redis: Redis;
  /** Key prefix, usually the table name; `_` in it becomes `~` so `prefix_key` stays unambiguous. */
  prefix: string;
  /** Expiry of every written key in seconds; 0 keeps keys until deleted. @default 0 */
  ttlSec?: number;
  /** Value encoding. @default 'json' */
  codec?: 'json' | 'msgpack' | Codec<T>;
  /** Deadline of one command (or one pipeline) in milliseconds. @default 100 */
  commandTimeoutMs?: number;
  /** Keys per MGET / MSET / DEL command inside one pipeline. @default 500 */
  batchSize?: number;
  /** Lifetime of a backfill lease in milliseconds (a reader slower than this does not backfill). @default 5000 */
  leaseMs?: number;
  /** Lifetime of a write fence in milliseconds: longer than any store-of-record write (a writer that dies leaves it to expire). @default 10000 */
  fenceMs?: number;
}


/**
 * A Storage on Redis strings. Counters (`incr`/`decr`) use INCRBY on the same key scheme. Every
 * write also revokes the keys' backfill leases in the same transaction (see LeaseCapable).
 */
export class RedisStorage<T> implements CounterStorage<T>, LeaseCapable<T>, WriteFencing<T> {
  /** The rendered prefix (with `_` replaced by `~`). */
  readonly prefix: string;
  private readonly redis: Redis;
  private readonly codec: Codec<T>;
  private readonly ttlSec: number;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly ops: LeaseContext<T>;

  constructor(options: RedisStorageOptions<T>) {
    const { redis, prefix, ttlSec = 0, codec = 'json', commandTimeoutMs = 100, batchSize = 500, leaseMs = 5000, fenceMs = 10_000 } = options;
    if (redis === null || typeof redis !== 'object' || typeof redis.pipeline !== 'function') {
      throw new InvalidOptionsError('RedisStorage needs an ioredis client as `redis`');
    }
    if (typeof prefix !== 'string' || prefix.length === 0) throw new InvalidOptionsError('RedisStorage prefix must be a non-empty string');
    if (!Number.isSafeInteger(ttlSec) || ttlSec < 0) throw new InvalidOptionsError('RedisStorage ttlSec must be a non-negative integer');
    if (!Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0) throw new InvalidOptionsError('RedisStorage commandTimeoutMs must be positive');
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new InvalidOptionsError('RedisStorage batchSize must be a positive integer');
    if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) throw new InvalidOptionsError('RedisStorage leaseMs must be a positive integer');
    if (!Number.isSafeInteger(fenceMs) || fenceMs < 1) throw new InvalidOptionsError('RedisStorage fenceMs must be a positive integer');
    this.redis = redis;
    this.prefix = prefix.replace(/_/g, '~');
    this.codec = codec === 'json' ? jsonCodec<T>() : codec === 'msgpack' ? msgpackCodec<T>() : codec;
    this.ttlSec = ttlSec;
    this.timeoutMs = commandTimeoutMs;
    this.batchSize = batchSize;
    this.ops = {
      redis,
      leaseMs,
      fenceMs,
      ttlSec,
      dataKey: (k) => this.redisKey(k),
      leaseKey: (k) => this.leaseKey(k),
      fenceKey: (k) => this.fenceKey(k),
      run: (what, command) => this.run(what, command),
      encode: (v) => this.encode(v),
      decode: (k, d) => this.decode(k, d),
    };
  }

  /** The Redis key of `key`: `prefix_key`. */
  redisKey(key: Key): string {
    return `${this.prefix}_${String(key)}`;
  }

  /** The Redis key of `key`'s backfill lease: `prefix~lease_key` (prefixes ending in `~lease` are reserved). */
  leaseKey(key: Key): string {
    return `${this.prefix}~lease_${String(key)}`;
  }

  /** The Redis key of `key`'s write fence: `prefix~fence_key`. */
  fenceKey(key: Key): string {
    return `${this.prefix}~fence_${String(key)}`;
  }

  /** GET; a missing key rejects with EmptyObjectError. */
  async get(key: Key): Promise<T> {
    assertKey(key);
    const data = await this.run('get', () => this.redis.getBuffer(this.redisKey(key)));
    if (data === null) throw new EmptyObjectError(key);
    return this.decode(key, data);
  }

  /** SET with the TTL. */
  async set(key: Key, value: T): Promise<void> {
    assertKey(key);
    const data = this.encode(value);
    const k = this.redisKey(key);
    const tx = this.redis.multi();
    if (this.ttlSec > 0) tx.set(k, data, 'EX', this.ttlSec);
    else tx.set(k, data);
    tx.del(this.leaseKey(key));
    checkReplies(await this.run('set', () => tx.exec()), 'set');
  }

  /** SET NX: DuplicateKeyError when the key exists. Redis cannot assign keys (null is refused). */
  async add(key: Key | null, value: T): Promise<Key> {
    if (key === null) throw new InvalidKeyError(key, 'Redis cannot assign keys');
    assertKey(key);
    const data = this.encode(value);
    const k = this.redisKey(key);
    const tx = this.redis.multi();
    if (this.ttlSec > 0) tx.set(k, data, 'EX', this.ttlSec, 'NX');
    else tx.set(k, data, 'NX');
    tx.del(this.leaseKey(key));
    const replies = await this.run('add', () => tx.exec());
    checkReplies(replies, 'add');
    if (replies?.[0]?.[1] === null) throw new DuplicateKeyError(key);
    return key;
  }

  /** MGET in batches of `batchSize`, all in one pipeline; the hits, keyed as asked. */
  async multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    assertKeys(keys);
    const found = new Map<Key, T>();
    if (keys.length === 0) return found;
    const batches = chunk(keys, this.batchSize);
    const pipeline = this.redis.pipeline();
    for (const batch of batches) pipeline.mgetBuffer(...batch.map((k) => this.redisKey(k)));
    const replies = await this.run('multiGet', () => pipeline.exec());
    batches.forEach((batch, i) => {
      const values = checkReply<Array<Buffer | null>>(replies, i, 'multiGet');
      batch.forEach((key, j) => {
        const data = values[j];
        if (data !== null && data !== undefined) found.set(key, this.decode(key, data));
      });
    });
    return found;
  }

  /** Every value is encoded first (nothing is written if one fails), then MSET or SET EX, pipelined. */
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    assertEntryKeys(entries);
    if (entries.size === 0) return;
    const encoded: Array<[string, Buffer | string]> = [];
    for (const [key, value] of entries) encoded.push([this.redisKey(key), this.encode(value)]);
    const tx = this.redis.multi();
    if (this.ttlSec > 0) {
      for (const [k, data] of encoded) tx.set(k, data, 'EX', this.ttlSec);
    } else {
      for (const batch of chunk(encoded, this.batchSize)) tx.mset(...batch.flat());
    }
    for (const batch of chunk([...entries.keys()], this.batchSize)) tx.del(...batch.map((k) => this.leaseKey(k)));
    checkReplies(await this.run('multiSet', () => tx.exec()), 'multiSet');
  }

  /** DEL in batches, pipelined. */
  async delete(...keys: Key[]): Promise<void> {
    assertKeys(keys);
    if (keys.length === 0) return;
    const pipeline = this.redis.pipeline();
    // One DEL per batch removes the values and their leases together (one command is atomic).
    for (const batch of chunk(keys, this.batchSize)) pipeline.del(...batch.flatMap((k) => [this.redisKey(k), this.leaseKey(k)]));
    checkReplies(await this.run('delete', () => pipeline.exec()), 'delete');
  }

  /** INCRBY (the TTL is not refreshed); resolves with the new value. */
  async incr(key: Key, by = 1): Promise<number> {
    assertKey(key);
    if (!Number.isSafeInteger(by)) throw new EncodeError('counter', new TypeError('the increment must be a safe integer'));
    const tx = this.redis.multi().incrby(this.redisKey(key), by).del(this.leaseKey(key));
    const replies = await this.run('incr', () => tx.exec());
    checkReplies(replies, 'incr');
    return Number(replies![0]![1]);
  }

  /** DECRBY; resolves with the new value. */
  decr(key: Key, by = 1): Promise<number> {
    return this.incr(key, -by);
  }

  /** GET, and on a miss a lease unless one is out or a write is fenced: see scripts/get-or-lease-3.lua. */
  getOrLease(key: Key): Promise<LeasedRead<T>> {
    return getOrLease(this.ops, key);
  }

  /** Backfills `value` only under a lease no write revoked: see scripts/fill-if-leased-2.lua. */
  fillIfLeased(key: Key, value: T, lease: string): Promise<boolean> {
    return fillIfLeased(this.ops, key, value, lease);
  }

  /** getOrLease for every key, pipelined: the hits, and the leases granted for the misses. */
  multiGetOrLease(keys: readonly Key[]): Promise<{ found: Map<Key, T>; leases: Map<Key, string> }> {
    return multiGetOrLease(this.ops, keys);
  }

  /** fillIfLeased for every entry, pipelined (each atomic); resolves with the keys stored. */
  multiFillIfLeased(entries: ReadonlyMap<Key, { value: T; lease: string }>): Promise<Key[]> {
    return multiFillIfLeased(this.ops, entries);
  }

  /** Invalidates and fences `keys` before a store-of-record write: see scripts/write-fence-3.lua. */
  fenceWrite(keys: readonly Key[]): Promise<WriteFence> {
    return fenceWrite(this.ops, keys);
  }

  /** Lifts a fence, writing `values` through where no write overlapped: see scripts/write-done-3.lua. */
  completeWrite(fence: WriteFence, values: ReadonlyMap<Key, T> | null): Promise<void> {
    return completeWrite(this.ops, fence, values);
  }

  private run<R>(what: string, command: () => Promise<R>): Promise<R> {
    return withDeadline(this.redis, what, this.timeoutMs, command);
  }

  private encode(value: T): Buffer | string {
    try {
      return this.codec.encode(value);
    } catch (err) {
      throw err instanceof EncodeError ? err : new EncodeError(this.codec.name, err);
    }
  }

  private decode(key: Key, data: Buffer): T {
    try {
      return this.codec.decode(data);
    } catch (err) {
      throw new DecodeError(this.codec.name, key, err);
    }
  }
}
