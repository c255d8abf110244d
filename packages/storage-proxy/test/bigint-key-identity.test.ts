// A key is its text everywhere: a 64-bit generated key comes back from `add` as a number while rows
// carry it as a string, and every level must treat 7 and "7" as one cache entry (one DB read).
import type Redis from 'ioredis';
import { EntitySchema } from 'typeorm';
import { type Key, MemoryStorage, multiLevel, StorageProxy } from '../src';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { TypeOrmStorage } from '../src/typeorm';
import { type DatabaseKind, openDatabase, SelectCounter } from './databases';
import type { GatedDescribe } from '@gatehouse/test-support';
import { adminRedis, deleteRedisKeys, describeWithMysql, describeWithPostgres, describeWithRedis, redisUrl, uniqueId } from './services';

interface Event {
  id?: string;
  name: string;
}

function eventSchema(): EntitySchema<Event> {
  const name = uniqueId('sp_bigkey_');
  return new EntitySchema<Event>({
    name,
    tableName: name,
    // bigserial on PostgreSQL, BIGINT AUTO_INCREMENT on MariaDB: the drivers return strings.
    columns: { id: { type: 'bigint', primary: true, generated: 'increment' }, name: { type: String, length: 40 } },
  });
}

const BIGINT_DATABASES: Array<{ kind: DatabaseKind; describe: GatedDescribe }> = [
  { kind: 'postgres', describe: describeWithPostgres },
  { kind: 'mysql', describe: describeWithMysql },
];

for (const { kind, describe: describeDb } of BIGINT_DATABASES) {
  describeDb(`64-bit generated keys on ${kind}`, () => {
    const schema = eventSchema();
    const selects = new SelectCounter();
    let db: Awaited<ReturnType<typeof openDatabase>>;
    let table: TypeOrmStorage<Event>;
    beforeAll(async () => {
      db = await openDatabase(kind, [schema], selects);
      table = new TypeOrmStorage<Event>({ dataSource: db.dataSource, entity: schema });
    });
    afterAll(() => db.close());

    /** SELECTs the database receives while `run` runs. */
    async function countSelects(run: () => Promise<unknown>): Promise<number> {
      const before = selects.selects;
      await run();
      return selects.selects - before;
    }

    test('add returns a key under which the row reads back as the number and as the string', async () => {
      const key = await table.add(null, { name: 'a' });
      expect(String(key)).toMatch(/^\d+$/);
      expect((await table.get(Number(key))).name).toBe('a');
      expect((await table.get(String(key))).name).toBe('a');
    });

    test('after add, get by the number and by the string hit the one cache entry', async () => {
      const cache = new MemoryStorage<Event>();
      const proxy = new StorageProxy(cache, table);
      const key = await proxy.add(null, { name: 'b' });
      expect(await countSelects(async () => {
        expect((await proxy.get(Number(key))).name).toBe('b');
        expect((await proxy.get(String(key))).name).toBe('b');
      })).toBe(0);
      expect(cache.stats().entries).toBe(1);
    });

    test('a cold read by the number then the string makes one DB query', async () => {
      const key = await table.add(null, { name: 'c' });
      const cache = new MemoryStorage<Event>();
      const proxy = new StorageProxy(cache, table);
      expect(await countSelects(async () => {
        await proxy.get(Number(key));
        await proxy.get(String(key));
        await proxy.get(Number(key));
      })).toBe(1);
      expect(cache.stats().entries).toBe(1);
      expect(proxy.stats).toMatchObject({ hits: 2, misses: 1, backupReads: 1 });
    });

    test('multiGet of the number and the string answers both, keyed as asked, with one DB query', async () => {
      const key = await table.add(null, { name: 'd' });
      const cache = new MemoryStorage<Event>();
      const proxy = new StorageProxy(cache, table);
      const asked: Key[] = [Number(key), String(key)];
      let found = new Map<Key, Event>();
      expect(await countSelects(async () => {
        found = await proxy.multiGet(asked);
      })).toBe(1);
      expect([...found.keys()]).toEqual(expect.arrayContaining(asked));
      expect(found.size).toBe(2);
      expect(cache.stats().entries).toBe(1);
      expect(await countSelects(() => proxy.multiGet(asked))).toBe(0);
    });
  });
}

describeWithPostgres('64-bit generated keys through memory, Redis and PostgreSQL', () => {
  const schema = eventSchema();
  const selects = new SelectCounter();
  const prefix = uniqueId('gh:storage-proxy:bigkey:');
  let db: Awaited<ReturnType<typeof openDatabase>>;
  let redis: Redis;
  let admin: Redis;
  beforeAll(async () => {
    db = await openDatabase('postgres', [schema], selects);
    redis = createCacheRedis(redisUrl(), { commandTimeoutMs: 1000 });
    admin = adminRedis();
    await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(async () => {
    await deleteRedisKeys(admin, prefix);
    await Promise.all([admin.quit(), redis.quit()]);
    await db.close();
  });

  describeWithRedis('multiLevel', () => {
    test('a key added as a number is one entry per level, read by the number or the string', async () => {
      const table = new TypeOrmStorage<Event>({ dataSource: db.dataSource, entity: schema });
      const memory = new MemoryStorage<Event>();
      const stack = multiLevel<Event>([memory, new RedisStorage<Event>({ redis, prefix, commandTimeoutMs: 1000 }), table]);
      const key = await stack.add(null, { name: 'e' });
      expect(await admin.exists(`${prefix}_${String(key)}`)).toBe(1);
      memory.clear(); // a fresh process: only Redis and the table know the row
      const before = selects.selects;
      expect((await stack.get(String(key))).name).toBe('e');
      expect((await stack.get(Number(key))).name).toBe('e');
      const found = await stack.multiGet([Number(key), String(key)]);
      expect(found.size).toBe(2);
      expect(selects.selects - before).toBe(0);
      expect(memory.stats().entries).toBe(1);
    });
  });
});
