// Writes made while Redis is unreachable must not leave stale or resurrected entries behind.
// The fault run that found it: read two keys (Redis holds version 0), cut Redis leaving its data,
// set(k1, v1) and delete(k2) both resolved, and after Redis came back a fresh stack read version
// 0 for both (a deleted row came back) for up to the Redis TTL. Now a write whose cache level
// cannot be invalidated fails before the database is touched; a cut after the invalidation
// leaves the key deleted and fenced, never stale.
import type Redis from 'ioredis';
import { CacheUnavailableError, EmptyObjectError, multiLevel, MemoryStorage, type Storage } from '../src';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { TypeOrmStorage } from '../src/typeorm';
import type { Item } from './contract';
import { itemSchema, openDatabase } from './databases';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';
import { TcpProxy } from '@gatehouse/test-support/tcp-proxy';

const ready = (client: Redis): Promise<void> =>
  client.status === 'ready' ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()));
const item = (id: number, version: number): Item => ({ id, name: `v${version}`, score: version });

describeWithRedis('writes while Redis is unreachable', () => {
  let proxy: TcpProxy;
  let db: TypeOrmStorage<Item>;
  let closeDb: () => Promise<void>;
  let prefix: string;
  const clients: Redis[] = [];

  /**
   * A stack with its own Redis client: the application's (memory, Redis, database), or a fresh
   * one (Redis, database) as another instance or this one after a restart would read through.
   * (In-process copies in other instances are the invalidation bus's job, tested elsewhere.)
   */
  const stack = async (via: 'proxy' | 'direct'): Promise<ReturnType<typeof multiLevel<Item>>> => {
    const client = createCacheRedis(via === 'proxy' ? `redis://127.0.0.1:${proxy.port}` : redisUrl());
    clients.push(client);
    await ready(client);
    const redisLevel = new RedisStorage<Item>({ redis: client, prefix, ttlSec: 3600, commandTimeoutMs: 1000 });
    return multiLevel<Item>(via === 'proxy' ? [new MemoryStorage<Item>(), redisLevel, db] : [redisLevel, db], { negativeTtlMs: 0 });
  };
  /** What a reader sees for `id`: the value, or 'missing'. */
  const read = (s: Storage<Item>, id: number): Promise<Item | 'missing'> => s.get(id).catch((e: unknown) => (e instanceof EmptyObjectError ? 'missing' : Promise.reject(e)));

  beforeEach(async () => {
    prefix = uniqueId('gh:sp:outage-write:');
    const target = new URL(redisUrl());
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
    const schema = itemSchema();
    const opened = await openDatabase('sqlite', [schema]);
    closeDb = opened.close;
    db = new TypeOrmStorage<Item>({ dataSource: opened.dataSource, entity: schema });
    await db.set(1, item(1, 0));
    await db.set(2, item(2, 0));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await proxy.cut();
    await closeDb();
    const admin = adminRedis();
    await deleteRedisKeys(admin, prefix);
    await admin.quit();
  });

  test('set and delete during the outage fail untouched; after it no stack reads a stale or resurrected entry', async () => {
    const app = await stack('proxy');
    expect([await read(app, 1), await read(app, 2)]).toEqual([item(1, 0), item(2, 0)]); // Redis holds version 0
    await proxy.cut(); // Redis unreachable, its data in place

    const set = await app.set(1, item(1, 1)).catch((e: unknown) => e);
    const del = await app.delete(2).catch((e: unknown) => e);
    expect(set).toBeInstanceOf(CacheUnavailableError);
    expect(del).toBeInstanceOf(CacheUnavailableError);
    expect([await db.get(1), await db.get(2)]).toEqual([item(1, 0), item(2, 0)]); // nothing half-applied

    await proxy.start();
    const fresh = await stack('direct');
    expect([await read(fresh, 1), await read(fresh, 2)]).toEqual([await read(db, 1), await read(db, 2)]);

    // The caller retries once Redis is back: both stacks see the writes.
    await ready(clients[0]!);
    await app.set(1, item(1, 1));
    await app.delete(2);
    const another = await stack('direct');
    expect([await read(another, 1), await read(another, 2)]).toEqual([item(1, 1), 'missing']);
    expect([await read(fresh, 1), await read(fresh, 2)]).toEqual([item(1, 1), 'missing']);
  });

  test('Redis cut between the invalidation and the database write: the write lands, no stale entry survives', async () => {
    const app = await stack('proxy');
    await read(app, 1);
    await read(app, 2);
    // The database write runs after the cache was invalidated; cut Redis right then.
    const cutting: Storage<Item> = Object.create(db);
    cutting.set = async (k, v) => {
      await proxy.cut();
      return db.set(k, v);
    };
    cutting.delete = async (...keys) => {
      await proxy.cut();
      return db.delete(...keys);
    };
    const cut = multiLevel<Item>([new MemoryStorage<Item>(), new RedisStorage<Item>({ redis: clients[0]!, prefix, ttlSec: 3600, commandTimeoutMs: 1000 }), cutting]);
    await cut.set(1, item(1, 1)); // resolves: the row is written; the cache write after it is counted
    expect(cut.stats().total.cacheWriteErrors).toBeGreaterThan(0);
    await proxy.start();
    await ready(clients[0]!);
    await cut.delete(2);
    await proxy.start();

    const fresh = await stack('direct');
    expect([await read(fresh, 1), await read(fresh, 2)]).toEqual([item(1, 1), 'missing']);
  });
});
