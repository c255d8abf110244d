import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { DEFAULT_PREFIX, LatencySketch, REPORT_BODY_TTL_SEC, STATS_QUEUE } from '@gatehouse/stats-wire';
import { Redis } from 'ioredis';
import { startStatsFixture, type StatsFixture } from '../statistics/stats-harness';
import { StatsWorkerProcess } from '../support/stats-worker-process';

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeWith('redis')('cluster statistics REST', () => {
  const group = `t13-${process.pid}-${Date.now() % 100000}`;
  const base = `/cluster/statistics/v1/${group}`;
  const shipping = (node: string) => ({ statsShipping: { redisUrl: serviceUrl('redis'), group, nodeName: node, bufferTicks: 10, keyPrefix: DEFAULT_PREFIX, queueName: STATS_QUEUE, bodyTtlSec: REPORT_BODY_TTL_SEC } });
  let fast: StatsFixture;
  let slow: StatsFixture;
  let worker: StatsWorkerProcess;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(serviceUrl('redis'));
    worker = await StatsWorkerProcess.start({ STATS_REDIS_URL: serviceUrl('redis') });
    // Two nodes of one group that see different traffic: 3-ms answers, and 40-ms answers with every 5th cut (502).
    fast = await startStatsFixture(0, 3, shipping('gw-fast'));
    slow = await startStatsFixture(5, 40, shipping('gw-slow'));
    for (let i = 0; i < 20; i++) await fetch(`${fast.dataUrl}/api/x`);
    for (let i = 0; i < 10; i++) await fetch(`${slow.dataUrl}/api/x`);
    fast.gw.gateway.statistics.tick();
    slow.gw.gateway.statistics.tick();
  });
  afterAll(async () => {
    await fast?.close();
    await slow?.close();
    await worker?.stop();
    const keys = await redis.keys(`gatehouse:stats:{${group}}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('answers the Ease Gateway indicators for the whole group: counts summed, percentiles from the merged histograms, min/max', async () => {
    await until('both nodes folded', async () => {
      const r = await fast.get(`${base}/pipelines/api/indicators/EXECUTION_TIME_COUNT_ALL/value`);
      return r.status === 200 && (r.body as { value: number }).value === 30;
    });
    expect((await fast.get(`${base}/pipelines`)).body).toEqual({ pipelines: ['api'] });
    const metrics = await (await fetch(`${fast.gw.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/^gatehouse_stats_reports_shipped_total 1$/m);
    expect(metrics).toMatch(/^gatehouse_stats_reports_dropped_total 0$/m);
    expect((await slow.get(`${base}/pipelines/api/plugins`)).body).toEqual({ plugins: ['in', 'limit', 'out', 'server'] });

    const local = (f: StatsFixture): LatencySketch => f.gw.gateway.pipeline('api')!.stats.pipeline.latency();
    const merged = new LatencySketch();
    merged.merge(local(fast));
    merged.merge(local(slow));
    const names = ['EXECUTION_COUNT_ALL', 'EXECUTION_COUNT_FAILURE', 'EXECUTION_TIME_MIN_ALL', 'EXECUTION_TIME_MAX_ALL', 'EXECUTION_TIME_50_PERCENT_ALL', 'EXECUTION_TIME_99_PERCENT_ALL', 'THROUGHPUT_RATE_LAST_1MIN_ALL'];
    const { body } = await fast.get(`${base}/pipelines/api/indicators/value?names=${names.join(',')}`);
    const values = (body as { values: Record<string, number> }).values;
    // 30 executions in one 5-s tick: 6/s as a node's meter starts, decayed once per empty 5-s bucket since.
    const decays = Math.log(6 / values['THROUGHPUT_RATE_LAST_1MIN_ALL']!) / (5 / 60);
    expect(Math.abs(decays - Math.round(decays))).toBeLessThan(1e-6);
    expect(values).toEqual({
      EXECUTION_COUNT_ALL: 30,
      EXECUTION_COUNT_FAILURE: 2,
      EXECUTION_TIME_MIN_ALL: Math.round(merged.min),
      EXECUTION_TIME_MAX_ALL: Math.round(merged.max),
      EXECUTION_TIME_50_PERCENT_ALL: Math.round(merged.quantile(0.5)),
      EXECUTION_TIME_99_PERCENT_ALL: Math.round(merged.quantile(0.99)),
      THROUGHPUT_RATE_LAST_1MIN_ALL: expect.any(Number),
    });
    // The max of the nodes' p99s (Ease Gateway's answer) is the slow node's; the merged one is not.
    expect(Math.round(merged.quantile(0.5))).toBeLessThan(Math.round(local(slow).quantile(0.5)));

    const out = await slow.get(`${base}/pipelines/api/plugins/out/indicators/EXECUTION_COUNT_FAILURE/value`);
    expect(out.body).toEqual({ value: 2 });
    expect((await slow.get(`${base}/pipelines/api/task/indicators/value?names=EXECUTION_COUNT_SUCCESS`)).body).toEqual({ values: { EXECUTION_COUNT_SUCCESS: 28 } });
    const localNames = (await fast.get('/statistics/v1/pipelines/api/indicators')).body as { names: string[] };
    expect((await fast.get(`${base}/pipelines/api/indicators`)).body).toEqual(localNames);
    expect(((await fast.get(`${base}/pipelines/api/indicators/EXECUTION_TIME_99_PERCENT_ALL/desc`)).body as { desc: string }).desc).toMatch(/merged histograms/);
  });

  it('answers the plugins\' registered indicators for the whole group, each combined by its aggregate', async () => {
    await until('both nodes folded', async () => {
      const r = await fast.get(`${base}/pipelines/api/plugins/server/indicators/LISTEN_PORT/desc`);
      return r.status === 200 && /2 nodes/.test((r.body as { desc: string }).desc);
    });
    const local = async (f: StatsFixture, plugin: string, name: string): Promise<number> => ((await f.get(`/statistics/v1/pipelines/api/plugins/${plugin}/indicators/${name}/value`)).body as { value: number }).value;
    const cluster = async (plugin: string, name: string): Promise<number> => ((await slow.get(`${base}/pipelines/api/plugins/${plugin}/indicators/${name}/value`)).body as { value: number }).value;
    // LISTEN_PORT combines by max: the larger of the two nodes' ports, not their sum.
    const ports = [await local(fast, 'server', 'LISTEN_PORT'), await local(slow, 'server', 'LISTEN_PORT')];
    expect(ports[0]).not.toBe(ports[1]);
    expect(await cluster('server', 'LISTEN_PORT')).toBe(Math.max(...ports));
    // The limiter's inbound rate adds up (the manual clock ticked once: the nodes' values have not moved since).
    const rates = [await local(fast, 'limit', 'INBOUND_THROUGHPUT_RATE_LAST_1MIN'), await local(slow, 'limit', 'INBOUND_THROUGHPUT_RATE_LAST_1MIN')];
    expect(rates[0]).toBeGreaterThan(rates[1]!);
    expect(await cluster('limit', 'INBOUND_THROUGHPUT_RATE_LAST_1MIN')).toBeCloseTo(rates[0]! + rates[1]!, 9);
    expect(await cluster('in', 'WIP_REQUEST_COUNT')).toBe(0);
    const names = ((await fast.get(`${base}/pipelines/api/plugins/limit/indicators`)).body as { names: string[] }).names;
    expect(names).toEqual(expect.arrayContaining(['EXECUTION_COUNT_ALL', 'INBOUND_THROUGHPUT_RATE_LAST_1MIN', 'FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN']));
    const values = await fast.get(`${base}/pipelines/api/plugins/limit/indicators/value?names=EXECUTION_COUNT_ALL,FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN`);
    expect(values.body).toEqual({ values: { EXECUTION_COUNT_ALL: 30, FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN: 0 } });
  });

  it('gives the last 15 minutes at 5-s resolution for charts', async () => {
    const { status, body } = await fast.get(`${base}/pipelines/api/series`);
    expect(status).toBe(200);
    const r = body as { step_sec: number; points: { t: number; success: number; failure: number; p99_ns: number | null }[] };
    expect([r.step_sec, r.points.length]).toEqual([5, 180]);
    expect(r.points.reduce((n, p) => n + p.success + p.failure, 0)).toBe(30);
    expect(r.points[179]!.t - r.points[0]!.t).toBe(179 * 5000);
    expect((await fast.get(`${base}/pipelines/api/plugins/limit/series?minutes=1`)).body).toMatchObject({ step_sec: 5, points: expect.any(Array) });
  });

  it('answers unknown names with 404 GW_NOT_FOUND naming which, and bad parameters with 400', async () => {
    const cases: [string, number, string, string][] = [
      ['/cluster/statistics/v1/nobody/pipelines', 404, 'GW_NOT_FOUND', 'group'],
      ['/cluster/statistics/v1/%7Bx%7D/pipelines', 404, 'GW_NOT_FOUND', 'group'],
      [`${base}/pipelines/nope/indicators`, 404, 'GW_NOT_FOUND', 'pipeline'],
      [`${base}/pipelines/api/plugins/nope/indicators`, 404, 'GW_NOT_FOUND', 'plugin'],
      [`${base}/pipelines/api/indicators/NOPE/value`, 404, 'GW_NOT_FOUND', 'indicator'],
      [`${base}/pipelines/api/task/indicators/value?names=EXECUTION_TIME_MIN_ALL`, 404, 'GW_NOT_FOUND', 'indicator'],
      [`${base}/pipelines/api/indicators/value`, 400, 'GW_BAD_REQUEST', 'names'],
      [`${base}/pipelines/api/series?minutes=61`, 400, 'GW_BAD_REQUEST', 'minutes'],
    ];
    for (const [path, status, code, field] of cases) {
      const r = await fast.get(path);
      expect({ path, status: r.status, body: r.body }).toEqual({ path, status, body: expect.objectContaining({ code, field }) });
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await fast.get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/cluster/statistics/v1/{group}/pipelines/{pipeline}/indicators/{indicator}/value', '/cluster/statistics/v1/{group}/pipelines/{pipeline}/series']));
  });
});
