import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { DEFAULT_PREFIX, encodeBucketGauges, GAUGE_FIELD, SeriesLayout, TICK_MS, type GaugeFold } from '@gatehouse/stats-wire';
import { Redis } from 'ioredis';
import { ClusterIndicatorQuery } from '../../src/cluster-statistics/cluster-indicator-query';
import { ClusterSeriesReader } from '../../src/cluster-statistics/cluster-series-reader';
import { SERIES_INDICATORS } from '../../src/engine/statistics/indicators';
import { GatewayError } from '../../src/errors';
import type { IndicatorScope } from '../../src/statistics/indicator-query';

// The folds a stats worker would leave in a plugin's 5-s buckets, written straight into Redis
// (no worker), read back through the cluster query at a fixed wall clock.
describeWith('redis')('plugin-registered indicators over a group', () => {
  const group = `gauges-${process.pid}-${Date.now() % 100000}`;
  const layout = new SeriesLayout(group, DEFAULT_PREFIX);
  const now = Math.floor(Date.now() / TICK_MS); // the reader's current tick
  let wall = now * TICK_MS + 2500;
  const limiter: IndicatorScope = { pipeline: 'api', level: 'plugin', plugin: 'limiter' };
  let redis: Redis;
  let query: ClusterIndicatorQuery;

  async function writeTick(tick: number, plugin: string, folds: Record<string, GaugeFold>): Promise<void> {
    await redis.hset(layout.bucketKey('5s', tick, 'api', { kind: 'plugin', plugin }), GAUGE_FIELD, encodeBucketGauges(new Map(Object.entries(folds))));
  }

  async function notFound(p: Promise<unknown>): Promise<GatewayError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(err)}`);
    return err;
  }

  beforeAll(async () => {
    redis = new Redis(serviceUrl('redis'));
    // What checkScope reads: the pipeline in the group's catalogue, the plugins in the pipeline's.
    await redis.hset(layout.catalogKey, 'api', String(now));
    await redis.hset(layout.pluginsKey('api'), 'limiter', String(now), 'quiet', String(now), 'gone', String(now));
    const fold = (aggregate: GaugeFold['aggregate'], values: number[]) => ({
      aggregate,
      sum: values.reduce((a, b) => a + b, 0),
      min: Math.min(...values),
      max: Math.max(...values),
      nodes: values.length,
    });
    // Three nodes reported the limiter two ticks ago; the current tick has one report so far.
    await writeTick(now - 2, 'limiter', {
      WAIT_QUEUE_LENGTH: fold('sum', [3, 4, 5]),
      CIRCUIT_BREAKER_STATE: fold('max', [0, 2, 1]),
      LISTEN_PORT: fold('min', [8081, 8080, 8082]),
      FAILURE_RATIO: fold('mean', [0.1, 0.2, 0.6]),
    });
    // Older than the 30-s window: more nodes, but not read.
    await writeTick(now - 6, 'limiter', { WAIT_QUEUE_LENGTH: fold('sum', [1, 1, 1, 1]), OLD_ONLY: fold('sum', [1]) });
    // WIP_REQUEST_COUNT: one node reported it, only now — the newest tick is the most complete for it.
    await writeTick(now, 'limiter', { WAIT_QUEUE_LENGTH: fold('sum', [9]), CIRCUIT_BREAKER_STATE: fold('max', [0]), WIP_REQUEST_COUNT: fold('sum', [6]) });
    await writeTick(now - 5, 'gone', { WAIT_QUEUE_LENGTH: fold('sum', [2, 2]) });
    await writeTick(now - 1, 'gone', { WAIT_QUEUE_LENGTH: fold('sum', [2]) });
    query = new ClusterIndicatorQuery(new ClusterSeriesReader(redis, DEFAULT_PREFIX, () => wall));
  });

  afterAll(async () => {
    const keys = await redis.keys(`${layout.base}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("answers each one with its aggregate over the nodes' values: sum, max, min, mean", async () => {
    expect(await query.value(group, limiter, 'WAIT_QUEUE_LENGTH')).toBe(12);
    expect(await query.value(group, limiter, 'CIRCUIT_BREAKER_STATE')).toBe(2);
    expect(await query.value(group, limiter, 'LISTEN_PORT')).toBe(8080);
    expect(await query.value(group, limiter, 'FAILURE_RATIO')).toBeCloseTo(0.3, 12);
    // Several at once, with a built-in one among them.
    expect(await query.values(group, limiter, ['LISTEN_PORT', 'EXECUTION_COUNT_ALL', 'WAIT_QUEUE_LENGTH'])).toEqual({ LISTEN_PORT: 8080, EXECUTION_COUNT_ALL: 0, WAIT_QUEUE_LENGTH: 12 });
    expect(await query.values(group, limiter, ['CIRCUIT_BREAKER_STATE'])).toEqual({ CIRCUIT_BREAKER_STATE: 2 });
  });

  it('takes the newest tick that holds as many nodes as any of the last 30 s, not a newer one still filling', async () => {
    // The current tick's one report (9, state 0) would read as a dip; two ticks ago all three nodes were in.
    expect(await query.values(group, limiter, ['WAIT_QUEUE_LENGTH', 'CIRCUIT_BREAKER_STATE'])).toEqual({ WAIT_QUEUE_LENGTH: 12, CIRCUIT_BREAKER_STATE: 2 });
    // Reported by one node only, in the current tick: that is its most complete tick.
    expect(await query.value(group, limiter, 'WIP_REQUEST_COUNT')).toBe(6);
    // A node that stopped reporting counts while a tick of the window holds it (25 s ago here)…
    const gone: IndicatorScope = { pipeline: 'api', level: 'plugin', plugin: 'gone' };
    expect(await query.value(group, gone, 'WAIT_QUEUE_LENGTH')).toBe(4);
    // …and drops out when that tick leaves the window.
    wall += TICK_MS;
    try {
      expect(await query.value(group, gone, 'WAIT_QUEUE_LENGTH')).toBe(2);
    } finally {
      wall -= TICK_MS;
    }
  });

  it('lists the built-in indicators, then those the group reported in the last 30 s, sorted', async () => {
    const builtIn = SERIES_INDICATORS.map((i) => i.name);
    expect(await query.names(group, limiter)).toEqual([...builtIn, 'CIRCUIT_BREAKER_STATE', 'FAILURE_RATIO', 'LISTEN_PORT', 'WAIT_QUEUE_LENGTH', 'WIP_REQUEST_COUNT']);
    expect(await query.names(group, { pipeline: 'api', level: 'plugin', plugin: 'quiet' })).toEqual(builtIn);
    expect(await query.names(group, { pipeline: 'api', level: 'pipeline' })).toEqual(builtIn);
  });

  it('answers a name neither built in nor reported in the last 30 s with GW_NOT_FOUND on the indicator', async () => {
    for (const p of [query.value(group, limiter, 'OLD_ONLY'), query.values(group, limiter, ['WAIT_QUEUE_LENGTH', 'NOPE']), query.values(group, limiter, ['EXECUTION_COUNT_ALL', 'NOPE']), query.desc(group, limiter, 'NOPE')]) {
      const err = await notFound(p);
      expect([err.code, err.field]).toEqual(['GW_NOT_FOUND', 'indicator']);
      expect(err.message).toMatch(/not found in plugin limiter of pipeline api: .*no node .* in the last 30 s/);
    }
    // The pipeline and task levels know only the built-in ones, as before.
    expect((await notFound(query.value(group, { pipeline: 'api', level: 'pipeline' }, 'WAIT_QUEUE_LENGTH'))).field).toBe('indicator');
    // An unknown plugin is still the plugin's 404.
    expect((await notFound(query.value(group, { pipeline: 'api', level: 'plugin', plugin: 'nope' }, 'WAIT_QUEUE_LENGTH'))).field).toBe('plugin');
  });

  it('describes one as a plugin indicator over the group, naming how the nodes\' values combine', async () => {
    expect(await query.desc(group, limiter, 'WAIT_QUEUE_LENGTH')).toMatch(/registered.*over the whole group — the sum of its nodes' values \(aggregate sum\).*3 nodes/);
    expect(await query.desc(group, limiter, 'CIRCUIT_BREAKER_STATE')).toMatch(/the largest of its nodes' values \(aggregate max\)/);
    expect(await query.desc(group, limiter, 'LISTEN_PORT')).toMatch(/the smallest of .*\(aggregate min\)/);
    expect(await query.desc(group, limiter, 'WIP_REQUEST_COUNT')).toMatch(/\(1 node\)/);
    expect(await query.desc(group, limiter, 'EXECUTION_COUNT_ALL')).toMatch(/summed over its nodes/);
  });
});
