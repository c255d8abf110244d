// A Redis cache level on ioredis: key `prefix_key`, TTL, MGET/MSET batched in pipelines, a codec,
// and a deadline on every command so a dead or slow Redis fails fast (see timeout.ts).
import type Redis from 'ioredis';
import { type Codec, jsonCodec } from '../codec';
import { CacheUnavailableError, DecodeError, DuplicateKeyError, EmptyObjectError, EncodeError, InvalidKeyError, InvalidOptionsError } from '../errors';
import { assertEntryKeys, assertKey, assertKeys } from '../keys';
import type { CounterStorage, Key } from '../types';
import { msgpackCodec } from './msgpack-codec';
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
}

/** A Storage on Redis strings. Counters (`incr`/`decr`) use INCRBY on the same key scheme. */
export class RedisStorage<T> implements CounterStorage<T> {
  /** The rendered prefix (with `_` replaced by `~`). */
  readonly prefix: string;
  private readonly redis: Redis;
  private readonly codec: Codec<T>;
  private readonly ttlSec: number;
  private readonly timeoutMs: number;
  private readonly batchSize: number;

  constructor(options: RedisStorageOptions<T>) {
    const { redis, prefix, ttlSec = 0, codec = 'json', commandTimeoutMs = 100, batchSize = 500 } = options;
    if (redis === null || typeof redis !== 'object' || typeof redis.pipeline !== 'function') {
      throw new InvalidOptionsError('RedisStorage needs an ioredis client as `redis`');
    }
    if (typeof prefix !== 'string' || prefix.length === 0) throw new InvalidOptionsError('RedisStorage prefix must be a non-empty string');
    if (!Number.isSafeInteger(ttlSec) || ttlSec < 0) throw new InvalidOptionsError('RedisStorage ttlSec must be a non-negative integer');
    if (!Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0) throw new InvalidOptionsError('RedisStorage commandTimeoutMs must be positive');
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new InvalidOptionsError('RedisStorage batchSize must be a positive integer');
    this.redis = redis;
    this.prefix = prefix.replace(/_/g, '~');
    this.codec = codec === 'json' ? jsonCodec<T>() : codec === 'msgpack' ? msgpackCodec<T>() : codec;
    this.ttlSec = ttlSec;
    this.timeoutMs = commandTimeoutMs;
    this.batchSize = batchSize;
  }

  /** The Redis key of `key`: `prefix_key`. */
  redisKey(key: Key): string {
    return `${this.prefix}_${String(key)}`;
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
    await this.run('set', () => (this.ttlSec > 0 ? this.redis.set(k, data, 'EX', this.ttlSec) : this.redis.set(k, data)));
  }

  /** SET NX: DuplicateKeyError when the key exists. Redis cannot assign keys (null is refused). */
  async add(key: Key | null, value: T): Promise<Key> {
    if (key === null) throw new InvalidKeyError(key, 'Redis cannot assign keys');
    assertKey(key);
    const data = this.encode(value);
    const k = this.redisKey(key);
    const reply = await this.run('add', () => (this.ttlSec > 0 ? this.redis.set(k, data, 'EX', this.ttlSec, 'NX') : this.redis.set(k, data, 'NX')));
    if (reply === null) throw new DuplicateKeyError(key);
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
    const pipeline = this.redis.pipeline();
    if (this.ttlSec > 0) {
      for (const [k, data] of encoded) pipeline.set(k, data, 'EX', this.ttlSec);
    } else {
      for (const batch of chunk(encoded, this.batchSize)) pipeline.mset(...batch.flat());
    }
    const replies = await this.run('multiSet', () => pipeline.exec());
    for (let i = 0; i < (replies?.length ?? 0); i++) checkReply(replies, i, 'multiSet');
  }

  /** DEL in batches, pipelined. */
  async delete(...keys: Key[]): Promise<void> {
    assertKeys(keys);
    if (keys.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const batch of chunk(keys, this.batchSize)) pipeline.del(...batch.map((k) => this.redisKey(k)));
    const replies = await this.run('delete', () => pipeline.exec());
    for (let i = 0; i < (replies?.length ?? 0); i++) checkReply(replies, i, 'delete');
  }

  /** INCRBY (the TTL is not refreshed); resolves with the new value. */
  async incr(key: Key, by = 1): Promise<number> {
    assertKey(key);
    if (!Number.isSafeInteger(by)) throw new EncodeError('counter', new TypeError('the increment must be a safe integer'));
    return this.run('incr', () => this.redis.incrby(this.redisKey(key), by));
  }

  /** DECRBY; resolves with the new value. */
  decr(key: Key, by = 1): Promise<number> {
    return this.incr(key, -by);
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

type PipelineReplies = Array<[Error | null, unknown]> | null;

function checkReply<R>(replies: PipelineReplies, index: number, what: string): R {
  const entry = replies?.[index];
  if (entry === undefined) throw new CacheUnavailableError(`${what}: the pipeline was aborted`);
  if (entry[0] !== null) throw new CacheUnavailableError(what, entry[0]);
  return entry[1] as R;
}

function chunk<E>(items: readonly E[], size: number): E[][] {
  const out: E[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
