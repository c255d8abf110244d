// multiGet single-flight: concurrent multiGets over shared keys read each key from the database
// about once, and backfill the cache. Before: 1,000 concurrent multiGets of 20 keys drawn from 100
// made 1,000 database queries and backfilled Redis 0 times.
import type Redis from 'ioredis';
import { type Key, MemoryStorage, multiLevel, StorageProxy } from '../src';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';

/** A database that counts its queries and the keys they asked for. */
class CountingDb extends MemoryStorage<string> {
  queries = 0;
  keysRead = 0;
  override async multiGet(keys: readonly Key[]): Promise<Map<Key, string>> {
    this.queries++;
    this.keysRead += keys.length;
    await new Promise((r) => setTimeout(r, 5)); // a query takes a while, as a real one does
    return super.multiGet(keys);
  }
}

/** 1,000 requests of 20 distinct keys each, drawn from 100, from a seeded generator. */
function requests(): string[][] {
  let seed = 42;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: 1000 }, () => {
    const picked = new Set<string>();
    while (picked.size < 20) picked.add(`k${Math.floor(next() * 100)}`);
    return [...picked];
  });
}

async function filledDb(): Promise<CountingDb> {
  const db = new CountingDb({ maxEntries: 1000 });
  for (let i = 0; i < 100; i++) await db.set(`k${i}`, `v${i}`);
  return db;
}

test('in process: 1,000 concurrent multiGets read each of the 100 keys once and fill the cache', async () => {
  const db = await filledDb();
  const cache = new MemoryStorage<string>();
  const proxy = new StorageProxy(cache, db);
  const answers = await Promise.all(requests().map((keys) => proxy.multiGet(keys)));
  expect(answers.every((a, i) => a.size === 20 && [...a].every(([k, v]) => v === `v${String(k).slice(1)}`) && i >= 0)).toBe(true);
  expect(db.keysRead).toBe(100);
  expect(proxy.stats.backfills).toBe(100);
  expect((await cache.multiGet(Array.from({ length: 100 }, (_, i) => `k${i}`))).size).toBe(100);
});

describeWithRedis('multiGet single-flight over Redis', () => {
  const clients: Redis[] = [];
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    const admin = adminRedis();
    for (const p of prefixes) await deleteRedisKeys(admin, p);
    await admin.quit();
  });

  const level = async (commandTimeoutMs: number): Promise<RedisStorage<string>> => {
    const prefix = uniqueId('gh:sp:mgsf:');
    prefixes.push(prefix);
    const redis = createCacheRedis(redisUrl());
    clients.push(redis);
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    return new RedisStorage<string>({ redis, prefix, commandTimeoutMs });
  };
  const cachedKeys = async (storage: RedisStorage<string>): Promise<number> => {
    const admin = adminRedis();
    const n = (await admin.keys(`${storage.prefix}_*`)).length;
    await admin.quit();
    return n;
  };

  test('1,000 concurrent multiGets of 20 keys from 100: about 100 keys read from the database, all 100 backfilled', async () => {
    const db = await filledDb();
    const redisLevel = await level(5000);
    const stack = multiLevel<string>([redisLevel, db]);
    const answers = await Promise.all(requests().map((keys) => stack.multiGet(keys)));
    expect(answers.every((a) => a.size === 20)).toBe(true);
    console.log(`multiGet single-flight over Redis: ${db.queries} database queries, ${db.keysRead} keys read, ${await cachedKeys(redisLevel)} keys backfilled`);
    expect(db.keysRead).toBeLessThanOrEqual(120);
    expect(await cachedKeys(redisLevel)).toBe(100);
  });

  test('with Redis calls timing out (20 ms deadline under a burst), answers stay complete and Redis is still backfilled', async () => {
    const db = await filledDb();
    const redisLevel = await level(20);
    const stack = multiLevel<string>([redisLevel, db]);
    const answers = await Promise.all(requests().map((keys) => stack.multiGet(keys)));
    expect(answers.every((a) => a.size === 20)).toBe(true);
    const errors = stack.stats().total.preferedErrors;
    // The refills run in the background, after the answers: give them the time of a few round trips.
    let cached = 0;
    for (let i = 0; i < 100 && cached < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      cached = await cachedKeys(redisLevel);
    }
    console.log(`multiGet under Redis timeouts: ${errors} Redis calls timed out, ${db.queries} database queries, ${db.keysRead} keys read, ${cached} keys backfilled`);
    expect(errors).toBeGreaterThan(0);
    expect(cached).toBe(100);
    // Each key about once on the request path, and once more by its background refill.
    expect(db.keysRead).toBeLessThanOrEqual(250);
  });
});
