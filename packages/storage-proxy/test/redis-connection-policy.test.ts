// A Redis slower than the command timeout still becomes ready and stays connected: the connect
// and ready deadlines are not the command timeout. Before, with commandTimeoutMs 50 and an 80 ms
// round trip, ioredis's ready check (INFO) timed out, the client never became ready and opened
// about 1.7 connections a second. Real sockets and real latency: generous margins.
import type Redis from 'ioredis';
import { CacheUnavailableError } from '../src';
import { createCacheRedis, redisConnectionPolicy, RedisStorage } from '../src/redis';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';
import { TcpProxy } from '@gatehouse/test-support/tcp-proxy';

const until = async (what: string, ok: () => boolean, ms: number): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describeWithRedis('Redis connection policy', () => {
  const prefix = uniqueId('gh:sp:policy:');
  let proxy: TcpProxy;
  let redis: Redis | undefined;
  beforeEach(async () => {
    const target = new URL(redisUrl());
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
  });
  afterEach(async () => {
    redis?.disconnect();
    await proxy.cut();
    const admin = adminRedis();
    await deleteRedisKeys(admin, prefix);
    await admin.quit();
  });

  test('an 80 ms round trip with a 50 ms command deadline: ready, one connection, commands time out until Redis is fast again', async () => {
    proxy.setLatency(80);
    redis = createCacheRedis(`redis://127.0.0.1:${proxy.port}`);
    const storage = new RedisStorage<string>({ redis, prefix, commandTimeoutMs: 50 });
    await until('ready', () => redis!.status === 'ready', 5000);
    await new Promise((r) => setTimeout(r, 1500)); // would have reconnected ~2-3 times before
    expect(redis.status).toBe('ready');
    expect(proxy.connections).toBe(1);
    const err = await storage.get('k').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CacheUnavailableError);
    expect((err as CacheUnavailableError).timedOut).toBe(true);
    proxy.setLatency(0);
    await new Promise((r) => setTimeout(r, 100)); // late replies drain
    await storage.set('k', 'v');
    expect(await storage.get('k')).toBe('v');
    expect(proxy.connections).toBe(1);
  });

  test('a connection that never gets ready is dropped after readyTimeoutMs and retried with backoff', async () => {
    proxy.blackhole(); // TCP connects, nothing is answered: the ready check hangs
    redis = createCacheRedis(`redis://127.0.0.1:${proxy.port}`, { readyTimeoutMs: 300, reconnectBackoff: { baseMs: 50, maxMs: 100 } });
    await until('two connections', () => proxy.connections >= 2, 5000);
    expect(redis.status).not.toBe('ready');
    proxy.heal();
    await until('ready', () => redis!.status === 'ready', 5000);
  });

  test('the policy: no offline queue, a command is sent at most once, no ioredis command timeout, keep-alive', () => {
    const o = redisConnectionPolicy();
    expect(o).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, keepAlive: 5000, enableReadyCheck: true });
    expect(o.commandTimeout).toBeUndefined();
    const delays = [1, 2, 3, 10, 50].map((n) => o.retryStrategy!(n) as number);
    expect(delays[0]).toBeGreaterThanOrEqual(25);
    expect(delays[4]).toBeLessThanOrEqual(2000);
  });
});
