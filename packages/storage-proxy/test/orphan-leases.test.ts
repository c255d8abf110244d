// A lease request that times out on the client must not block backfill of its key. Redis still
// grants the lease, and nobody holds its token: before, every read of that key went to the
// database for leaseMs (5 s) and Redis stayed empty (67 of 100 multiGetOrLease calls left orphan
// leases with 60 ms of added latency). Now the timed-out request's leases are released by a
// compare-and-delete sent on the same connection, which Redis runs right after the grant.
import type Redis from 'ioredis';
import { multiLevel } from '../src';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';
import { TcpProxy } from '@gatehouse/test-support/tcp-proxy';
import { MemoryStorage } from '../src';

describeWithRedis('leases of timed-out requests', () => {
  const prefix = uniqueId('gh:sp:orphan:');
  let proxy: TcpProxy;
  let redis: Redis;
  let storage: RedisStorage<string>;
  beforeAll(async () => {
    const target = new URL(redisUrl());
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
    redis = createCacheRedis(`redis://127.0.0.1:${proxy.port}`);
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    storage = new RedisStorage<string>({ redis, prefix, commandTimeoutMs: 50, leaseMs: 5000 });
  });
  afterAll(async () => {
    redis.disconnect();
    await proxy.cut();
    const admin = adminRedis();
    await deleteRedisKeys(admin, prefix);
    await admin.quit();
  });

  const leaseKeys = async (): Promise<string[]> => {
    const admin = adminRedis();
    const keys = await admin.keys(`${storage.prefix}~lease_*`);
    await admin.quit();
    return keys;
  };

  test('100 multiGetOrLease calls timing out under 60 ms of latency leave no orphan lease', async () => {
    proxy.setLatency(60);
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => storage.multiGetOrLease([`m${i}a`, `m${i}b`])));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    proxy.setLatency(0);
    await new Promise((r) => setTimeout(r, 300)); // the late grants and their releases drain
    expect(await leaseKeys()).toEqual([]);
  });

  test('after a timed-out read, the next read backfills Redis at once instead of waiting out the lease', async () => {
    const db = new MemoryStorage<string>();
    await db.set('hot', 'from-db');
    const stack = multiLevel<string>([storage, db], { negativeTtlMs: 0 });
    proxy.setLatency(60);
    expect(await stack.get('hot')).toBe('from-db'); // Redis too slow: served from the database
    proxy.setLatency(0);
    await new Promise((r) => setTimeout(r, 300));
    // Reads with a deadline a loaded machine meets fill Redis well within the 5 s an orphan lease
    // would block them (the same keys and client, only the deadline differs).
    const patient = multiLevel<string>([new RedisStorage<string>({ redis, prefix, commandTimeoutMs: 2000, leaseMs: 5000 }), db], { negativeTtlMs: 0 });
    const admin = adminRedis();
    let cached: string | null = null;
    for (let i = 0; i < 40 && cached === null; i++) {
      expect(await patient.get('hot')).toBe('from-db');
      cached = await admin.get(storage.redisKey('hot'));
      if (cached === null) await new Promise((r) => setTimeout(r, 50));
    }
    expect(cached).toBe(JSON.stringify('from-db'));
    await admin.quit();
  });
});
