import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { Redis } from 'ioredis';
import { optionsFromEnv } from '../../src/bootstrap';
import { startStatsFixture, type StatsFixture } from '../statistics/stats-harness';
import { keysUnder, removeKeysUnder } from './shipped-reports';

// A gateway told GATEWAY_STATS_BODY_TTL_SEC=600 writes its report bodies to expire in 10 min,
// not in the default 2 h: an operator who expects longer (or shorter) worker outages sets it.
describeWith('redis')('GATEWAY_STATS_BODY_TTL_SEC', () => {
  const run = `test-body-ttl-${process.pid}-${Date.now() % 100000}`;
  const keyPrefix = `${run}:stats`;
  let node: StatsFixture | undefined;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: null });
    const env = { GATEWAY_STATS_REDIS_URL: serviceUrl('redis'), GATEWAY_STATS_KEY_PREFIX: keyPrefix, GATEWAY_STATS_QUEUE: run, GATEWAY_CLUSTER_GROUP: run, GATEWAY_NODE_NAME: 'gw-t', GATEWAY_STATS_BODY_TTL_SEC: '600' };
    const { statsShipping } = optionsFromEnv(env); // the gateway's own reading of its environment
    if (statsShipping === undefined) throw new Error('stats shipping is off');
    node = await startStatsFixture(0, 3, { statsShipping });
  });

  afterAll(async () => {
    await node?.close();
    await removeKeysUnder(redis, keyPrefix);
    await removeKeysUnder(redis, `bull:${run}`);
    redis.disconnect();
  });

  it('sets the TTL of the bodies the node ships', async () => {
    const f = node!;
    expect((await fetch(`${f.dataUrl}/api/x`)).status).toBe(200);
    f.gw.gateway.statistics.tick();
    const deadline = Date.now() + 20_000;
    let bodies: string[] = [];
    while (bodies.length === 0 && Date.now() < deadline) {
      bodies = (await keysUnder(redis, keyPrefix)).filter((k) => k.includes(':body:'));
      if (bodies.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(bodies).toHaveLength(1);
    const ttl = await redis.ttl(bodies[0]!);
    expect(ttl).toBeGreaterThan(580);
    expect(ttl).toBeLessThanOrEqual(600);
  });
});
