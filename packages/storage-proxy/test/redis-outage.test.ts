// Redis down or slow: the stack serves from the database within the command timeout and counts
// it; Redis restarting in the middle of a run crashes nothing, and the Redis level recovers.
import type Redis from 'ioredis';
import { MemoryStorage, multiLevel, type MultiLevelStorage } from '../src';
import { createCacheRedis, RedisInvalidationBus, RedisStorage } from '../src/redis';
import { TypeOrmStorage } from '../src/typeorm';
import type { Item } from './contract';
import { itemSchema, openDatabase } from './databases';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';
import { TcpProxy } from '@gatehouse/test-support/tcp-proxy';

const TIMEOUT_MS = 150;

describeWithRedis('Redis down, slow or restarting', () => {
  const prefix = uniqueId('gh:storage-proxy:outage:');
  let proxy: TcpProxy;
  let cache: Redis;
  let memory: MemoryStorage<Item>;
  let redisLevel: RedisStorage<Item>;
  let stack: MultiLevelStorage<Item>;
  let closeDb: () => Promise<void>;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  const ready = (client: Redis): Promise<void> =>
    client.status === 'ready' ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()));
  const item = (id: number): Item => ({ id, name: `n${id}`, score: id });

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    const target = new URL(redisUrl());
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
    cache = createCacheRedis(`redis://127.0.0.1:${proxy.port}`);
    await ready(cache);
    const schema = itemSchema();
    const opened = await openDatabase('sqlite', [schema]);
    closeDb = opened.close;
    const db = new TypeOrmStorage<Item>({ dataSource: opened.dataSource, entity: schema });
    for (let id = 1; id <= 50; id++) await db.set(id, item(id));
    memory = new MemoryStorage<Item>({ maxEntries: 10 });
    redisLevel = new RedisStorage<Item>({ redis: cache, prefix, commandTimeoutMs: TIMEOUT_MS });
    stack = multiLevel([memory, redisLevel, db]);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await cache.quit().catch(() => cache.disconnect());
    await proxy.cut();
    await closeDb();
    const admin = adminRedis();
    await deleteRedisKeys(admin, prefix);
    await admin.quit();
  });

  test('Redis down: reads are served from the database at once (no wait for the timeout) and counted', async () => {
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A level with a long deadline proves a dead Redis is refused at once, not timed out.
    const patient = multiLevel([memory, new RedisStorage<Item>({ redis: cache, prefix, commandTimeoutMs: 5_000 }), stack.proxies[1]!.backup]);
    const before = patient.stats().total.preferedErrors;
    const started = performance.now();
    expect(await patient.get(1)).toEqual(item(1));
    expect((await patient.multiGet([2, 3])).size).toBe(2);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(patient.stats().total.preferedErrors).toBeGreaterThan(before);
    expect(await stack.get(6)).toEqual(item(6));
    expect(stack.stats().total.preferedErrors).toBeGreaterThan(before);
    expect(memory.peek(1)).toEqual(item(1)); // the memory level still works and was filled
    await proxy.start();
    await ready(cache);
  });

  test('Redis slow: a read is served from the database within the command timeout, and counted', async () => {
    await stack.get(4); // warm nothing in particular; Redis is healthy here
    memory.clear();
    proxy.blackhole();
    const before = stack.stats().levels[1]!.preferedErrors;
    const started = performance.now();
    expect(await stack.get(5)).toEqual(item(5));
    const elapsed = performance.now() - started;
    proxy.heal();
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000); // generous: the CI machine is shared
    expect(stack.stats().levels[1]!.preferedErrors).toBe(before + 1);
  });

  test('Redis restarting mid-run: no crash, every read answered correctly, the Redis level recovers', async () => {
    const errors: unknown[] = [];
    let reads = 0;
    let running = true;
    const worker = (async () => {
      for (let i = 0; running; i++) {
        const id = (i % 50) + 1;
        try {
          expect(await stack.get(id)).toEqual(item(id));
          reads++;
        } catch (err) {
          errors.push(err);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 120));
      await proxy.start();
    }
    await ready(cache);
    running = false;
    await worker;
    expect(errors).toEqual([]);
    // Reads went on through three restarts (about 50 on a quiet machine; fewer on a loaded one).
    expect(reads).toBeGreaterThan(20);
    expect(unhandled).toEqual([]);
    memory.clear();
    await stack.get(50);
    const admin = adminRedis();
    expect(await admin.exists(`${redisLevel.prefix}_50`)).toBe(1);
    await admin.quit();
  });

  test('an invalidation subscriber that lost its connection clears the in-process level on return', async () => {
    const subscriber = createCacheRedis(`redis://127.0.0.1:${proxy.port}`, { enableOfflineQueue: true });
    await ready(subscriber);
    const publisher = adminRedis();
    const bus = new RedisInvalidationBus({ publisher, subscriber, channel: `${prefix}ch` });
    await bus.start();
    const local = new MemoryStorage<Item>();
    const db = new MemoryStorage<Item>();
    const twoLevel = multiLevel([local, db], { invalidation: bus });
    await db.set(9, item(9));
    await twoLevel.get(9);
    expect(local.peek(9)).toEqual(item(9));
    await proxy.cut();
    await proxy.start();
    await new Promise<void>((resolve) => subscriber.once('ready', () => setImmediate(resolve)));
    expect(local.peek(9)).toBeUndefined();
    twoLevel.close();
    await bus.close();
    await subscriber.quit();
    await publisher.quit();
  });
});
