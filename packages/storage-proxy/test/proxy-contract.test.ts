// A proxy is a Storage too: the contract holds for StorageProxy and for a multiLevel stack.
import type Redis from 'ioredis';
import { MemoryStorage, multiLevel, StorageProxy } from '../src';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { TypeOrmStorage } from '../src/typeorm';
import { describeStorageContract, type Item } from './contract';
import { itemSchema, openDatabase } from './databases';
import { adminRedis, deleteRedisKeys, describeWithPostgres, describeWithRedis, redisUrl, uniqueId } from './services';

describeStorageContract({ name: 'StorageProxy(memory, memory)', create: async () => new StorageProxy(new MemoryStorage<Item>(), new MemoryStorage<Item>()) });

describeStorageContract({
  name: 'multiLevel([memory, memory, memory])',
  create: async () => multiLevel([new MemoryStorage<Item>(), new MemoryStorage<Item>(), new MemoryStorage<Item>()], { negativeTtlMs: 0 }),
});

describeWithRedis('the full stack', () => {
  describeWithPostgres('memory -> Redis -> PostgreSQL', () => {
    const prefix = uniqueId('gh:storage-proxy:stack:');
    let redis: Redis;
    let close: () => Promise<void>;
    describeStorageContract({
      name: 'multiLevel([MemoryStorage, RedisStorage, TypeOrmStorage on PostgreSQL])',
      stringKeys: false,
      create: async () => {
        redis = createCacheRedis(redisUrl());
        await new Promise((resolve) => redis.once('ready', resolve));
        const schema = itemSchema();
        const db = await openDatabase('postgres', [schema]);
        close = db.close;
        return multiLevel([
          new MemoryStorage<Item>(),
          new RedisStorage<Item>({ redis, prefix, commandTimeoutMs: 1000 }),
          new TypeOrmStorage<Item>({ dataSource: db.dataSource, entity: schema }),
        ]);
      },
      destroy: async () => {
        const admin = adminRedis();
        await deleteRedisKeys(admin, prefix);
        await admin.quit();
        await redis.quit();
        await close();
      },
    });
  });
});
