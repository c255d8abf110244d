import { randomUUID } from 'node:crypto';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { limiterUnderTest } from '../../../test/support/limiter';
import { TcpProxy } from '@gatehouse/test-support/tcp-proxy';

const REDIS_PORT = Number(new URL(serviceUrl('redis')).port || 6379);

/** Redis behind a TCP proxy that the test cuts, as a network partition would. */
describeWith('redis')('ThroughputRateLimiter policy redis when Redis is unreachable', () => {
  let proxy: TcpProxy;
  const nodes: ReturnType<typeof limiterUnderTest>[] = [];
  const node = (redis_failure: 'open' | 'closed') => {
    const n = limiterUnderTest('', 0, {
      policy: 'redis',
      window_limit: 1,
      window_sec: 60,
      redis_url: `redis://127.0.0.1:${proxy.port}`,
      redis_prefix: `test:ratelimit:${randomUUID()}:`,
      redis_timeout_msec: 300,
      redis_failure,
    });
    nodes.push(n);
    return n;
  };

  beforeEach(async () => {
    proxy = new TcpProxy({ port: REDIS_PORT });
    await proxy.start();
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.limiter.close?.();
    await proxy.cut();
  });

  it.each([
    ['open', { error: undefined, resultCode: 200 }],
    ['closed', { error: 'the rate-limit store is unavailable', resultCode: 503 }],
  ] as const)('redis_failure %s: answers within the timeout once Redis is cut', async (mode, expected) => {
    const n = node(mode);
    expect(await n.run().passed).toBe(true);
    expect(await n.run().passed).toBe(false); // the limit of 1 holds while Redis answers
    await proxy.cut();
    const started = Date.now();
    const r = n.run();
    await r.passed;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.task).toMatchObject(expected);
  });

  it('answers within the timeout when Redis stops answering (blackhole)', async () => {
    const n = node('closed');
    expect(await n.run().passed).toBe(true);
    proxy.blackhole();
    const started = Date.now();
    const r = n.run();
    await r.passed;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.task.resultCode).toBe(503);
    proxy.heal();
  });
});
