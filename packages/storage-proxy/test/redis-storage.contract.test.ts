import type Redis from 'ioredis';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { describeStorageContract, type Item } from './contract';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';

describeWithRedis('RedisStorage', () => {
  for (const codec of ['json', 'msgpack'] as const) {
    let redis: Redis;
    const prefix = uniqueId(`gh:storage-proxy:contract-${codec}:`);
    describeStorageContract({
      name: `RedisStorage (${codec})`,
      create: async () => {
        redis = createCacheRedis(redisUrl());
        await new Promise((resolve) => redis.once('ready', resolve));
        // The contract, not deadlines: a loaded machine must not time it out.
        return new RedisStorage<Item>({ redis, prefix, codec, ttlSec: 60, commandTimeoutMs: 5_000 });
      },
      destroy: async () => {
        const admin = adminRedis();
        await deleteRedisKeys(admin, prefix);
        await admin.quit();
        await redis.quit();
      },
    });
  }
});
