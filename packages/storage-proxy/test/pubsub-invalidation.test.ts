// Cross-instance invalidation: two app instances, each with its own in-process level, share Redis
// and the database. A write on one drops the other's in-process copy over Redis pub/sub.
import type Redis from 'ioredis';
import { MemoryStorage, multiLevel, type MultiLevelStorage } from '../src';
import { createCacheRedis, RedisInvalidationBus, RedisStorage } from '../src/redis';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';

interface Instance {
  memory: MemoryStorage<string>;
  stack: MultiLevelStorage<string>;
  bus: RedisInvalidationBus;
  clients: Redis[];
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describeWithRedis('invalidation of in-process levels over Redis pub/sub', () => {
  const prefix = uniqueId('gh:storage-proxy:inval:');
  const channel = `${prefix}channel`;
  const db = new MemoryStorage<string>(); // the shared store of record
  const instances: Instance[] = [];

  async function instance(): Promise<Instance> {
    const cache = createCacheRedis(redisUrl());
    const subscriber = createCacheRedis(redisUrl(), { enableOfflineQueue: true });
    await Promise.all([cache, subscriber].map((c) => new Promise((resolve) => c.once('ready', resolve))));
    const bus = new RedisInvalidationBus({ publisher: cache, subscriber, channel });
    await bus.start();
    const memory = new MemoryStorage<string>();
    const stack = multiLevel([memory, new RedisStorage<string>({ redis: cache, prefix, commandTimeoutMs: 1000 }), db], { invalidation: bus });
    const made = { memory, stack, bus, clients: [cache, subscriber] };
    instances.push(made);
    return made;
  }

  afterAll(async () => {
    for (const i of instances) {
      i.stack.close();
      await i.bus.close();
      for (const c of i.clients) await c.quit();
    }
    const admin = adminRedis();
    await deleteRedisKeys(admin, prefix);
    await admin.quit();
  });

  test('a set on instance B drops the key from instance A memory; A then reads the new value', async () => {
    const a = await instance();
    const b = await instance();
    await db.set('k', 'v1');
    expect(await a.stack.get('k')).toBe('v1');
    expect(a.memory.peek('k')).toBe('v1');
    await b.stack.set('k', 'v2');
    await until(() => a.memory.peek('k') === undefined);
    expect(await a.stack.get('k')).toBe('v2');
    expect(b.memory.peek('k')).toBe('v2'); // the writer keeps its own fresh copy
  });

  test('a delete on B drops the key from A; an instance ignores its own messages', async () => {
    const [a, b] = instances as [Instance, Instance];
    await a.stack.set(7, 'seven');
    expect(await b.stack.get(7)).toBe('seven');
    await a.stack.delete(7);
    await until(() => b.memory.peek(7) === undefined);
    await a.stack.set('own', 'x');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(a.memory.peek('own')).toBe('x');
  });

  test('a key is its text across the wire: deleting "1" drops 1; other keys stay', async () => {
    const [a, b] = instances as [Instance, Instance];
    await a.stack.set(1, 'one');
    await a.stack.set(2, 'two');
    expect(await b.stack.get(1)).toBe('one');
    expect(await b.stack.get(2)).toBe('two');
    await a.stack.delete('1');
    await until(() => b.memory.peek(1) === undefined);
    expect(b.memory.peek(2)).toBe('two');
  });
});
