import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { limiterUnderTest } from '../../../test/support/limiter';
import { responseHeadersOf } from '../shared/response-headers';

const REDIS_URL = serviceUrl('redis');

describeWith('redis')('ThroughputRateLimiter policy redis', () => {
  const prefix = `test:ratelimit:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL);
  const nodes: ReturnType<typeof limiterUnderTest>[] = [];
  /** A limiter as one gateway node would run it. */
  const node = (more: Record<string, unknown> = {}) => {
    const n = limiterUnderTest('', 0, { policy: 'redis', window_limit: 5, window_sec: 10, redis_url: REDIS_URL, redis_prefix: prefix, redis_timeout_msec: 2000, ...more });
    nodes.push(n);
    return n;
  };

  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.limiter.close?.();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.quit());

  it('admits exactly window_limit requests across two nodes, concurrent', async () => {
    const a = node();
    const b = node();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).run().passed));
    expect(results.filter(Boolean)).toHaveLength(5);
  });

  it('tells Limit, Remaining and Reset, and Retry-After on 429', async () => {
    const a = node();
    const tasks = [];
    for (let i = 0; i < 6; i++) {
      const r = a.run();
      await r.passed;
      tasks.push(r.task);
    }
    const h = tasks.map((t) => responseHeadersOf(t)!);
    expect(h.map((x) => x['x-ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(h[0]!['x-ratelimit-limit']).toBe('5');
    expect(Number(h[5]!['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(h[5]!['x-ratelimit-reset'])).toBeLessThanOrEqual(10);
    expect(Number(h[5]!['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(h[4]!['retry-after']).toBeUndefined();
    expect(tasks[5]).toMatchObject({ resultCode: 429, errorCode: 'GW_FLOW_CONTROL' });
  });

  it('counts each value of limit_by_key apart', async () => {
    const a = node({ limit_by_key: 'X_UID', window_limit: 2 });
    const ok = async (uid: string) => a.run({ X_UID: uid }).passed;
    expect([await ok('u1'), await ok('u1'), await ok('u1'), await ok('u2'), await ok('u2'), await ok('u2')]).toEqual([true, true, false, true, true, false]);
  });

  it('forgets requests older than the window (Redis time), so the window slides', async () => {
    const a = node({ window_limit: 3, window_sec: 1 });
    const key = `${prefix}lim:`;
    const [sec] = await redis.time();
    const old = (Number(sec) - 5) * 1_000_000;
    await redis.zadd(key, old, 'old-1', old, 'old-2', old, 'old-3');
    const results = [await a.run().passed, await a.run().passed, await a.run().passed, await a.run().passed];
    expect(results).toEqual([true, true, true, false]);
    expect(await redis.zcard(key)).toBe(3);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('hashes long key values, so Redis keys stay short whatever a client sends', async () => {
    const a = node({ limit_by_key: 'HTTP_X_API_KEY' });
    await a.run({ HTTP_X_API_KEY: 'x'.repeat(10_000) }).passed;
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.length).toBeLessThan(prefix.length + 100);
  });
});
