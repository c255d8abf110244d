import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { checkReportClaim, decodeReportBody, SeriesLayout } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { api, freePort, removeDir, tempDataDir } from '../admin/harness';
import { startBackend, type TestBackend } from '../support/backend';
import { configureProxy, startChild, type Child } from '../support/gateway-process';
import { getStatus, metricSum, readUntil } from '../support/workers-e2e';

interface WorkerView {
  pid: number;
  state: string;
  applied_seq: number;
}

type Values = Record<string, number | null>;

async function sendRequests(port: number, n: number): Promise<void> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 10) statuses.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => getStatus(port, `/api/r${i + j}`)))));
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
}

describeWith('redis')('GATEWAY_WORKERS=2: the primary aggregates its workers\' statistics', () => {
  // Stats shipping on, into a database of its own; the group tells this run's jobs apart.
  const statsRedisUrl = `${serviceUrl('redis').replace(/\/\d*$/, '')}/13`;
  const group = `workers-stats-${process.pid}`;
  let dir: string;
  let backend: TestBackend;
  let child: Child | undefined;
  let port: number;

  const workers = async (): Promise<WorkerView[]> => (await api(child!.adminUrl, 'GET', '/admin/v1/workers')).body.workers as WorkerView[];
  const pipelineValues = async (...names: string[]): Promise<Values> =>
    (await api(child!.adminUrl, 'GET', `/statistics/v1/pipelines/p-pipe/indicators/value?names=${names.join(',')}`)).body.values as Values;
  const pluginValues = async (plugin: string, ...names: string[]): Promise<Values> =>
    (await api(child!.adminUrl, 'GET', `/statistics/v1/pipelines/p-pipe/plugins/${plugin}/indicators/value?names=${names.join(',')}`)).body.values as Values;
  const metrics = async (): Promise<string> => (await fetch(`${child!.adminUrl}/metrics`)).text();
  const count = async (): Promise<number> => (await pipelineValues('EXECUTION_COUNT_ALL'))['EXECUTION_COUNT_ALL']!;
  const countReaches = (n: number): Promise<Values> =>
    readUntil(() => pipelineValues('EXECUTION_COUNT_ALL', 'EXECUTION_COUNT_SUCCESS'), (v) => v['EXECUTION_COUNT_ALL'] === n, 20_000, `the primary to count ${n} tasks`);
  /** Resolves after the primary ticked twice (its 1-minute rate moved twice): every worker ticked in between. */
  const twoPrimaryTicks = async (): Promise<void> => {
    const rate = async (): Promise<number | null> => (await pipelineValues('THROUGHPUT_RATE_LAST_1MIN_ALL'))['THROUGHPUT_RATE_LAST_1MIN_ALL']!;
    let last = await rate();
    for (let ticks = 0; ticks < 2; ticks++) {
      const seen = last;
      last = await readUntil(rate, (r) => r !== seen, 15_000, 'a tick of the primary');
    }
  };

  beforeAll(async () => {
    dir = await tempDataDir();
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    child = await startChild(dir, { GATEWAY_WORKERS: '2', GATEWAY_STATS_REDIS_URL: statsRedisUrl, GATEWAY_CLUSTER_GROUP: group, GATEWAY_NODE_NAME: 'host-a' });
    port = await freePort();
    await configureProxy(child.adminUrl, port, backend.url);
    await readUntil(workers, (ws) => ws.length === 2 && ws.every((w) => w.applied_seq === 5), 20_000, 'both workers to apply the proxy');
  }, 90_000);
  afterAll(async () => {
    child?.proc.kill('SIGKILL');
    await child?.exited;
    await backend.close();
    await removeDir(dir);
  });

  const N = 300;

  it('counts, rates, latency and /metrics of the primary cover every request its workers served', async () => {
    await sendRequests(port, N);
    const counts = await countReaches(N);
    expect(counts['EXECUTION_COUNT_SUCCESS']).toBe(N);
    // Latency and rates show once the primary ticked after the workers' reports.
    const v = await readUntil(
      () => pipelineValues('EXECUTION_TIME_COUNT_ALL', 'THROUGHPUT_RATE_LAST_1MIN_ALL', 'EXECUTION_TIME_MIN_ALL', 'EXECUTION_TIME_50_PERCENT_ALL', 'EXECUTION_TIME_MAX_ALL'),
      (x) => x['EXECUTION_TIME_COUNT_ALL'] === N,
      20_000,
      'the latency window to hold every task',
    );
    expect(v['THROUGHPUT_RATE_LAST_1MIN_ALL']).toBeGreaterThan(0);
    expect(v['THROUGHPUT_RATE_LAST_1MIN_ALL']).toBeLessThanOrEqual(N / 5);
    expect(v['EXECUTION_TIME_MIN_ALL']).toBeGreaterThan(0);
    expect(v['EXECUTION_TIME_50_PERCENT_ALL']).toBeGreaterThanOrEqual(v['EXECUTION_TIME_MIN_ALL']!);
    expect(v['EXECUTION_TIME_MAX_ALL']).toBeGreaterThanOrEqual(v['EXECUTION_TIME_50_PERCENT_ALL']!);
    expect((await pluginValues('p-out', 'EXECUTION_COUNT_ALL'))['EXECUTION_COUNT_ALL']).toBe(N);

    const text = await metrics();
    expect(metricSum(text, 'gatehouse_pipeline_requests_total', { pipeline: 'p-pipe', result: 'success' })).toBe(N);
    expect(metricSum(text, 'gatehouse_plugin_executions_total', { pipeline: 'p-pipe', plugin: 'p-out', result: 'success' })).toBe(N);
    expect(metricSum(text, 'gatehouse_pipeline_request_duration_seconds_count', { pipeline: 'p-pipe', result: 'success' })).toBe(N);
    expect(metricSum(text, 'gatehouse_pipeline_requests_per_second', { pipeline: 'p-pipe', window: '1m' })).toBeGreaterThan(0);
    // Both workers served (each connection went to the next one) and reported.
    expect(metricSum(text, 'gatehouse_worker_stats_reports_total', { outcome: 'absorbed' })).toBeGreaterThanOrEqual(2);
    expect(metricSum(text, 'gatehouse_worker_stats_reports_total', { outcome: 'refused' })).toBe(0);
  }, 60_000);

  it("a worker's crash and replacement neither double counts nor hurts the primary", async () => {
    const [victim] = await workers();
    process.kill(victim!.pid, 'SIGKILL');
    await readUntil(workers, (ws) => ws.length === 2 && ws.every((w) => w.pid !== victim!.pid && w.state === 'ready' && w.applied_seq === 5), 30_000, 'a replacement worker');
    const before = await count();
    const M = 100;
    await sendRequests(port, M);
    await countReaches(before + M);
    await twoPrimaryTicks();
    expect(await count()).toBe(before + M);
    expect((await fetch(`${child!.adminUrl}/health/v1/ready`)).status).toBe(200);
    expect(metricSum(await metrics(), 'gatehouse_pipeline_requests_total', { pipeline: 'p-pipe', result: 'success' })).toBe(before + M);
  }, 90_000);

  it('a rolling restart right after requests loses none of them: draining workers send their last delta', async () => {
    // Settled first: every earlier request is counted, so what follows is only these K.
    const before = await count();
    if (before > 0) await twoPrimaryTicks();
    expect(await count()).toBe(before);
    const K = 50;
    await sendRequests(port, K);
    const restart = await api(child!.adminUrl, 'POST', '/admin/v1/workers/restart', {});
    expect(restart.status).toBe(200);
    await countReaches(before + K);
    await twoPrimaryTicks();
    expect(await count()).toBe(before + K);
  }, 90_000);

  it("the primary ships the host's aggregate to the stats queue: one job per tick under its node name, none from the workers", async () => {
    const conn = new Redis(statsRedisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('gatehouse-stats', { connection: conn });
    try {
      const total = await count();
      // Each job is a claim (version 3); its body waits at the group's body key.
      const ours = async (): Promise<{ ids: string[]; bodyKeys: string[]; shipped: number }> => {
        const jobs = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.id?.startsWith(`${group}:`));
        let shipped = 0;
        const bodyKeys: string[] = [];
        for (const j of jobs) {
          const claim = checkReportClaim(j.data as object);
          const key = new SeriesLayout(claim.g).bodyKey(claim.n, claim.t);
          bodyKeys.push(key);
          const body = await conn.getBuffer(key);
          if (body === null) throw new Error(`job ${j.id} names a body that is not at ${key}`); // the body goes first
          for (const p of decodeReportBody(claim.g, claim.n, claim.t, body).pipelines) if (p.name === 'p-pipe') shipped += (p.tasks.success?.count ?? 0) + (p.tasks.failure?.count ?? 0);
        }
        return { ids: jobs.map((j) => j.id!), bodyKeys, shipped };
      };
      const { ids, bodyKeys } = await readUntil(ours, (o) => o.shipped === total, 20_000, `the shipped reports to hold ${total} tasks`);
      expect(ids.every((id) => /^workers-stats-\d+:host-a:\d+$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      await Promise.all(ids.map((id) => queue.remove(id)));
      if (bodyKeys.length > 0) await conn.del(...bodyKeys);
    } finally {
      await queue.close();
      conn.disconnect();
    }
  }, 60_000);
});
