// 10,000 concurrent reads of a cold key make one database query: concurrent misses of one key
// share one backup read (single-flight), then everyone is served from the backfilled cache.
import { MemoryStorage, multiLevel, StorageProxy } from '../src';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { TypeOrmStorage } from '../src/typeorm';
import type { Item } from './contract';
import { itemSchema, openDatabase, SelectCounter } from './databases';
import { adminRedis, deleteRedisKeys, describeWithPostgres, describeWithRedis, redisUrl, uniqueId } from './services';

async function coldStart(kind: 'sqlite' | 'postgres'): Promise<{ db: TypeOrmStorage<Item>; counter: SelectCounter; close: () => Promise<void> }> {
  const schema = itemSchema();
  const counter = new SelectCounter();
  const opened = await openDatabase(kind, [schema], counter);
  const db = new TypeOrmStorage<Item>({ dataSource: opened.dataSource, entity: schema });
  await db.set(42, { id: 42, name: 'cold', score: 1 });
  counter.selects = 0;
  return { db, counter, close: opened.close };
}

const READS = 10_000;

describe('single-flight (SQLite)', () => {
  test('10,000 concurrent reads of a cold key through memory -> DB make 1 DB query', async () => {
    const { db, counter, close } = await coldStart('sqlite');
    const proxy = new StorageProxy(new MemoryStorage<Item>(), db);
    const values = await Promise.all(Array.from({ length: READS }, () => proxy.get(42)));
    expect(values.every((v) => v.name === 'cold')).toBe(true);
    expect(counter.selects).toBe(1);
    expect(proxy.stats.singleFlightJoins).toBe(READS - 1);
    await close();
  });

  test('with singleFlight off the same burst makes many queries (the test can tell)', async () => {
    const { db, counter, close } = await coldStart('sqlite');
    const proxy = new StorageProxy(new MemoryStorage<Item>(), db, { singleFlight: false });
    await Promise.all(Array.from({ length: 100 }, () => proxy.get(42)));
    expect(counter.selects).toBeGreaterThan(1);
    await close();
  });
});

describeWithPostgres('single-flight (PostgreSQL)', () => {
  describeWithRedis('through memory -> Redis -> PostgreSQL', () => {
    test('10,000 concurrent reads of a cold key make 1 DB query', async () => {
      const { db, counter, close } = await coldStart('postgres');
      const redis = createCacheRedis(redisUrl());
      await new Promise((resolve) => redis.once('ready', resolve));
      const prefix = uniqueId('gh:storage-proxy:sf:');
      const stack = multiLevel([new MemoryStorage<Item>(), new RedisStorage<Item>({ redis, prefix, commandTimeoutMs: 2000 }), db]);
      const values = await Promise.all(Array.from({ length: READS }, () => stack.get(42)));
      expect(values.every((v) => v.name === 'cold')).toBe(true);
      expect(counter.selects).toBe(1);
      const admin = adminRedis();
      expect(await admin.exists(`${prefix}_42`)).toBe(1);
      await deleteRedisKeys(admin, prefix);
      await admin.quit();
      await redis.quit();
      await close();
    });
  });
});
