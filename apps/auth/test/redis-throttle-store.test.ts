// The Redis store meets the same contract against a real Redis, under a unique key prefix that is
// deleted afterwards; its keys carry an expiry.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisThrottleStore } from '../src/throttle/redis-throttle.store';
import { deleteRedisPrefix, describeWithRedis, REDIS_URL } from './services';
import { describeThrottleStoreContract } from './throttle-store-contract';

const prefixes: string[] = [];

describeWithRedis()('redis throttle store', () => {
  afterAll(async () => {
    for (const prefix of prefixes) await deleteRedisPrefix(prefix);
  });

  describeThrottleStoreContract('redis', async () => {
    const keyPrefix = `gh:auth:${randomBytes(6).toString('hex')}:`;
    prefixes.push(keyPrefix);
    const store = new RedisThrottleStore({ url: REDIS_URL, keyPrefix });
    await store.connect();
    return store;
  });

  it('writes keys under the prefix with an expiry of two windows', async () => {
    const keyPrefix = `gh:auth:${randomBytes(6).toString('hex')}:`;
    prefixes.push(keyPrefix);
    const store = new RedisThrottleStore({ url: REDIS_URL, keyPrefix });
    await store.connect();
    await store.hit('user:x', 30_000, 90_000);
    await store.close();
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${keyPrefix}*`);
      expect(keys).toEqual([`${keyPrefix}user:x:3`]);
      const ttl = await redis.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      redis.disconnect();
    }
  });

  it('rejects hits when Redis cannot be reached', async () => {
    const store = new RedisThrottleStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 100 });
    await expect(store.connect()).rejects.toThrow();
    await expect(store.hit('k', 1000, 0)).rejects.toThrow();
    await store.close();
    // ioredis leaves a failed command's timeout and its disconnect timer (100 ms each) running.
    await new Promise((resolve) => setTimeout(resolve, 150));
  });
});
