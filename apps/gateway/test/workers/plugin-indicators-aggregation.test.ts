import type { ServerResponse } from 'node:http';
import { api, freePort, removeDir, tempDataDir } from '../admin/harness';
import { startBackend } from '../support/backend';
import { startChild, type Child } from '../support/gateway-process';
import { getStatus, metricSum, readUntil } from '../support/workers-e2e';

type Values = Record<string, number | null>;

/** Equal up to float rounding: the sum of the workers' EWMAs against the EWMA of their summed deltas. */
const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

const REFUSED_RATE = 'FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN';

describe("GATEWAY_WORKERS=2: the primary answers plugin indicators with its workers' values combined", () => {
  let dir: string;
  let child: Child | undefined;
  let port: number;

  const workers = async (): Promise<{ applied_seq: number }[]> => (await api(child!.adminUrl, 'GET', '/admin/v1/workers')).body.workers as { applied_seq: number }[];
  const pluginValues = async (plugin: string, ...names: string[]): Promise<Values> =>
    (await api(child!.adminUrl, 'GET', `/statistics/v1/pipelines/l-pipe/plugins/${plugin}/indicators/value?names=${names.join(',')}`)).body.values as Values;
  const metrics = async (): Promise<string> => (await fetch(`${child!.adminUrl}/metrics`)).text();

  beforeAll(async () => {
    dir = await tempDataDir();
    child = await startChild(dir, { GATEWAY_WORKERS: '2' });
    port = await freePort();
    // A limiter that refuses every request: each worker's refusals feed its own meter.
    const plugins = [
      { type: 'HTTPServer', config: { plugin_name: 'l-server', port } },
      { type: 'HTTPInput', config: { plugin_name: 'l-in', server_name: 'l-server', path: '/api/{rest...}' } },
      { type: 'StaticProbabilityLimiter', config: { plugin_name: 'l-limit', pass_pr: 0 } },
    ];
    for (const p of plugins) expect((await api(child.adminUrl, 'POST', '/admin/v1/plugins', p)).status).toBe(201);
    const pipeline = { type: 'LinearPipeline', config: { pipeline_name: 'l-pipe', plugin_names: ['l-server', 'l-in', 'l-limit'], parallelism: 8 } };
    expect((await api(child.adminUrl, 'POST', '/admin/v1/pipelines', pipeline)).status).toBe(201);
    await readUntil(workers, (ws) => ws.length === 2 && ws.every((w) => w.applied_seq === 4), 20_000, 'both workers to apply the pipeline');
    // Every meter — the workers' refusal meters, the primary's series of the limiter — has had its
    // first tick before a request arrives (a first tick sets an EWMA to its instant rate).
    await readUntil(metrics, (t) => metricSum(t, 'gatehouse_worker_indicator_reports_total', { outcome: 'absorbed' }) >= 4, 20_000, 'two ticks of each worker');
  }, 90_000);
  afterAll(async () => {
    child?.proc.kill('SIGKILL');
    await child?.exited;
    await removeDir(dir);
  });

  it("a limiter's refusal rate covers the refusals of both workers; the shared port reads once", async () => {
    const N = 200;
    const statuses: number[] = [];
    for (let i = 0; i < N; i += 10) statuses.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => getStatus(port, `/api/r${i + j}`)))));
    expect(statuses.filter((s) => s !== 429)).toEqual([]);

    // The primary's series of the limiter holds both workers' runs (absorbed deltas), every run a
    // refusal: its failure rate is the host's refusal rate. Between the primary's tick and the
    // workers' next one, the indicator must equal it — the primary's own limiter refused nothing,
    // and one worker alone would show about half.
    const v = await readUntil(
      () => pluginValues('l-limit', REFUSED_RATE, 'THROUGHPUT_RATE_LAST_1MIN_FAILURE', 'EXECUTION_COUNT_FAILURE'),
      (x) => x['EXECUTION_COUNT_FAILURE'] === N && x['THROUGHPUT_RATE_LAST_1MIN_FAILURE']! > 0 && same(x[REFUSED_RATE] ?? 0, x['THROUGHPUT_RATE_LAST_1MIN_FAILURE']!),
      20_000,
      'the refusal rate to match the absorbed failure rate',
    );
    expect(v[REFUSED_RATE]).toBeGreaterThan(0);
    expect((await pluginValues('l-server', 'LISTEN_PORT'))['LISTEN_PORT']).toBe(port);

    await readUntil(
      metrics,
      (t) => {
        const failures = metricSum(t, 'gatehouse_plugin_executions_per_second', { pipeline: 'l-pipe', plugin: 'l-limit', result: 'failure', window: '1m' });
        return failures > 0 && same(metricSum(t, 'gatehouse_plugin_indicator', { pipeline: 'l-pipe', plugin: 'l-limit', indicator: REFUSED_RATE }), failures);
      },
      20_000,
      '/metrics to show the refusal rate of both workers',
    );
    const text = await metrics();
    expect(metricSum(text, 'gatehouse_plugin_indicator', { pipeline: 'l-pipe', plugin: 'l-server', indicator: 'LISTEN_PORT' })).toBe(port);
    expect(metricSum(text, 'gatehouse_worker_indicator_reports_total', { outcome: 'refused' })).toBe(0);
  }, 60_000);

  it("a pipeline's in-flight and wait-queue gauges and overview are the host's, and agree with HTTPInput's indicators", async () => {
    // A backend that answers nothing until told: the requests it holds are in flight in the
    // workers; with 2 slots a worker, the rest wait in the workers' queues.
    const held: ServerResponse[] = [];
    const backend = await startBackend((_req, res) => held.push(res));
    const slowPort = await freePort();
    try {
      const plugins = [
        { type: 'HTTPServer', config: { plugin_name: 's-server', port: slowPort } },
        { type: 'HTTPInput', config: { plugin_name: 's-in', server_name: 's-server', path: '/slow/{rest...}' } },
        { type: 'HTTPOutput', config: { plugin_name: 's-out', url_pattern: `${backend.url}{REQUEST_URI}`, method: 'GET' } },
      ];
      for (const p of plugins) expect((await api(child!.adminUrl, 'POST', '/admin/v1/plugins', p)).status).toBe(201);
      const pipeline = { type: 'LinearPipeline', config: { pipeline_name: 's-pipe', plugin_names: ['s-server', 's-in', 's-out'], parallelism: 2 } };
      expect((await api(child!.adminUrl, 'POST', '/admin/v1/pipelines', pipeline)).status).toBe(201);
      await readUntil(workers, (ws) => ws.length === 2 && ws.every((w) => w.applied_seq === 8), 20_000, 'both workers to apply the slow pipeline');

      const K = 6;
      const answers = Array.from({ length: K }, (_, i) => getStatus(slowPort, `/slow/r${i}`));
      const gauges = async (): Promise<{ inFlight: number; queued: number }> => {
        const t = await metrics();
        return { inFlight: metricSum(t, 'gatehouse_pipeline_in_flight', { pipeline: 's-pipe' }), queued: metricSum(t, 'gatehouse_pipeline_wait_queue_length', { pipeline: 's-pipe' }) };
      };
      // Once a tick of each worker counted all K requests, nothing moves until the backend answers.
      const { inFlight } = await readUntil(gauges, (g) => g.inFlight + g.queued === K, 20_000, "the primary's gauges to count every request held in the workers");
      expect(inFlight).toBe(held.length);
      expect(inFlight).toBeGreaterThan(2); // more than one worker's 2 slots: both workers' share
      const overview = (await api(child!.adminUrl, 'GET', '/statistics/v1/pipelines')).body.pipelines as { pipeline: string; in_flight: number; wait_queue: number }[];
      expect(overview.find((p) => p.pipeline === 's-pipe')).toMatchObject({ in_flight: inFlight, wait_queue: K - inFlight });
      const wip = 'WIP_REQUEST_COUNT';
      const queued = 'WAIT_QUEUE_LENGTH';
      const indicators = (await api(child!.adminUrl, 'GET', `/statistics/v1/pipelines/s-pipe/plugins/s-in/indicators/value?names=${wip},${queued}`)).body.values as Values;
      expect(indicators).toEqual({ [wip]: inFlight, [queued]: K - inFlight });

      // Answering all of them (the queued ones reach the backend as slots free up) empties both.
      await readUntil(
        async () => {
          for (const r of held.splice(0)) r.end('ok');
          return gauges();
        },
        (g) => held.length === 0 && g.inFlight === 0 && g.queued === 0,
        20_000,
        'the gauges to fall back to 0',
      );
      expect(await Promise.all(answers)).toEqual(Array.from({ length: K }, () => 200));
    } finally {
      for (const r of held) r.end();
      await backend.close();
    }
  }, 60_000);
});
