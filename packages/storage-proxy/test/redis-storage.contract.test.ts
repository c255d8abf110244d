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
        return new RedisStorage<Item>({ redis, prefix, codec, ttlSec: 60 });
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
