// RedisStorage codecs: JSON and msgpack round trips, values a codec cannot encode (typed error,
// nothing written), bytes it cannot decode, the `prefix_key` scheme, TTLs and counters.
import type Redis from 'ioredis';
import { type Codec, DecodeError, EncodeError, InvalidOptionsError, StorageProxyError } from '../src';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';

/** These tests are about codecs and keys, not deadlines: a loaded machine must not time them out. */
const COMMAND_TIMEOUT_MS = 5_000;

describeWithRedis('RedisStorage codecs and key scheme', () => {
  const prefix = uniqueId('gh:storage-proxy:codec:');
  let redis: Redis;
  let admin: Redis;
  beforeAll(async () => {
    redis = createCacheRedis(redisUrl());
    admin = adminRedis();
    await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(async () => {
    await deleteRedisKeys(admin, prefix);
    await admin.quit();
    await redis.quit();
  });

  test('keys are `prefix_key`, with `_` in the prefix turned into `~`', async () => {
    const storage = new RedisStorage<number[]>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}user_info` });
    await storage.set(5, [1]);
    expect(storage.redisKey(5)).toBe(`${prefix}user~info_5`);
    expect(await admin.get(`${prefix}user~info_5`)).toBe('[1]');
  });

  test('msgpack keeps Dates and binary; JSON turns them into strings', async () => {
    const value = { at: new Date(1_700_000_000_000), bytes: Buffer.from([1, 2, 3]) };
    const packed = new RedisStorage<typeof value>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}mp`, codec: 'msgpack' });
    await packed.set('v', value);
    const back = await packed.get('v');
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.getTime()).toBe(value.at.getTime());
    expect(Buffer.from(back.bytes).equals(value.bytes)).toBe(true);
    const json = new RedisStorage<typeof value>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}js` });
    await json.set('v', value);
    expect(typeof (await json.get('v')).at).toBe('string');
  });

  test('a value JSON cannot encode is EncodeError and nothing of the batch is written', async () => {
    const storage = new RedisStorage<unknown>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}bad` });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [undefined, 10n, cyclic, () => 1]) {
      const err = await storage.set('x', bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EncodeError);
      expect((err as EncodeError).code).toBe('SP_ENCODE');
    }
    await expect(storage.multiSet(new Map<string, unknown>([['a', 1], ['b', 10n]]))).rejects.toBeInstanceOf(EncodeError);
    expect(await admin.exists(storage.redisKey('a'), storage.redisKey('x'))).toBe(0);
  });

  test('msgpack refuses functions and undefined', async () => {
    const storage = new RedisStorage<unknown>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}mpbad`, codec: 'msgpack' });
    await expect(storage.set('f', () => 1)).rejects.toBeInstanceOf(EncodeError);
    await expect(storage.set('u', undefined)).rejects.toBeInstanceOf(EncodeError);
  });

  test('bytes the codec cannot decode are DecodeError naming the key', async () => {
    const storage = new RedisStorage<unknown>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}dec` });
    await admin.set(storage.redisKey('junk'), '{not json');
    const err = await storage.get('junk').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).key).toBe('junk');
    await expect(storage.multiGet(['junk'])).rejects.toBeInstanceOf(DecodeError);
  });

  test('a custom codec is used, and its encode failures become EncodeError', async () => {
    const upper: Codec<string> = {
      name: 'upper',
      encode: (v) => {
        if (v === 'boom') throw new Error('refused');
        return v.toUpperCase();
      },
      decode: (b) => b.toString().toLowerCase(),
    };
    const storage = new RedisStorage<string>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}cu`, codec: upper });
    await storage.set('k', 'abc');
    expect(await admin.get(storage.redisKey('k'))).toBe('ABC');
    expect(await storage.get('k')).toBe('abc');
    await expect(storage.set('k', 'boom')).rejects.toBeInstanceOf(EncodeError);
  });

  test('ttlSec sets an expiry on set, add and multiSet', async () => {
    const storage = new RedisStorage<number>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}ttl`, ttlSec: 30 });
    await storage.set('a', 1);
    await storage.add('b', 2);
    await storage.multiSet(new Map([['c', 3]]));
    for (const k of ['a', 'b', 'c']) {
      const ttl = await admin.ttl(storage.redisKey(k));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30);
    }
  });

  test('multiGet and multiSet span several batches in one pipeline', async () => {
    const storage = new RedisStorage<number>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}batch`, batchSize: 3 });
    const entries = new Map(Array.from({ length: 10 }, (_, i) => [i, i * i] as [number, number]));
    await storage.multiSet(entries);
    const found = await storage.multiGet([...entries.keys(), 99]);
    expect(found.size).toBe(10);
    expect(found.get(9)).toBe(81);
    await storage.delete(...entries.keys());
    expect((await storage.multiGet([...entries.keys()])).size).toBe(0);
  });

  test('incr and decr count with INCRBY; a non-integer value is a typed error', async () => {
    const storage = new RedisStorage<number>({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: `${prefix}cnt` });
    expect(await storage.incr('n', 5)).toBe(5);
    expect(await storage.decr('n')).toBe(4);
    expect(await storage.get('n')).toBe(4);
    await storage.set('s', 1.5);
    await expect(storage.incr('s')).rejects.toBeInstanceOf(StorageProxyError);
  });

  test.each([{ prefix: '' }, { ttlSec: -1 }, { commandTimeoutMs: 0 }, { batchSize: 0 }])('bad options %p are InvalidOptionsError', (bad) => {
    expect(() => new RedisStorage({ redis, commandTimeoutMs: COMMAND_TIMEOUT_MS, prefix: 'p', ...bad })).toThrow(InvalidOptionsError);
  });
});
