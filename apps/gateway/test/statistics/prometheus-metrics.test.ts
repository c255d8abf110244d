import { parsePrometheusText, prometheusParserAvailable, type PromFamily } from '../support/prometheus-parser';
import { startStatsFixture, type StatsFixture } from './stats-harness';

const parser = prometheusParserAvailable();
if (!parser && process.env['REQUIRE_SERVICES'] === '1') {
  throw new Error('the Prometheus text parser is required (REQUIRE_SERVICES=1): apt-get install python3-prometheus-client');
}

/** `GET /metrics` on the admin port, read back with the official Prometheus client's text parser. */
(parser ? describe : describe.skip)('GET /metrics', () => {
  let f: StatsFixture;
  let families: PromFamily[];
  const N = 20;

  beforeAll(async () => {
    f = await startStatsFixture(5, 3);
    for (let i = 0; i < N; i++) await (await fetch(`${f.dataUrl}/api/x`)).arrayBuffer();
    f.clock.advance(5000);
    const res = await fetch(`${f.gw.adminUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    families = parsePrometheusText(await res.text());
  });
  afterAll(() => f.close());

  const family = (name: string) => {
    const fam = families.find((x) => x.name === name);
    if (!fam) throw new Error(`no metric ${name}`);
    return fam;
  };
  /** The value of the sample `name` (default: the family's name) whose labels include `labels`. */
  const value = (familyName: string, labels: Record<string, string>, name = familyName): number | undefined =>
    family(familyName).samples.find((m) => m.name === name && Object.entries(labels).every(([k, v]) => m.labels[k] === v))?.value;

  it('counts requests per pipeline and result', () => {
    expect(family('gatehouse_pipeline_requests').type).toBe('counter');
    const total = 'gatehouse_pipeline_requests_total';
    expect(value('gatehouse_pipeline_requests', { pipeline: 'api', result: 'success' }, total)).toBe(N - f.cuts());
    expect(value('gatehouse_pipeline_requests', { pipeline: 'api', result: 'failure' }, total)).toBe(f.cuts());
    expect(value('gatehouse_plugin_executions', { pipeline: 'api', plugin: 'out', result: 'failure' }, 'gatehouse_plugin_executions_total')).toBe(f.cuts());
  });

  it('exports durations as histograms with buckets, sum and count', () => {
    const h = 'gatehouse_plugin_execution_duration_seconds';
    expect(family(h).type).toBe('histogram');
    const ok = { pipeline: 'api', plugin: 'out', result: 'success' };
    expect(value(h, ok, `${h}_count`)).toBe(N - f.cuts());
    // Every run took 3 ms: none in the 2.5 ms bucket, all in the 5 ms one.
    expect(value(h, { ...ok, le: '0.0025' }, `${h}_bucket`)).toBe(0);
    expect(value(h, { ...ok, le: '0.005' }, `${h}_bucket`)).toBe(N - f.cuts());
    expect(value(h, { ...ok, le: '+Inf' }, `${h}_bucket`)).toBe(N - f.cuts());
    expect(value(h, ok, `${h}_sum`)).toBeCloseTo((N - f.cuts()) * 0.003, 6);
    const p = 'gatehouse_pipeline_request_duration_seconds';
    expect(value(p, { pipeline: 'api', result: 'failure' }, `${p}_count`)).toBe(f.cuts());
  });

  it('exports rates, in-flight, wait-queue and plugin indicator gauges', () => {
    expect(value('gatehouse_pipeline_requests_per_second', { pipeline: 'api', window: '1m' })).toBe(N / 5);
    expect(value('gatehouse_pipeline_in_flight', { pipeline: 'api' })).toBe(0);
    expect(value('gatehouse_pipeline_wait_queue_length', { pipeline: 'api' })).toBe(0);
    expect(value('gatehouse_plugin_indicator', { plugin: 'limit', indicator: 'INBOUND_THROUGHPUT_RATE_LAST_1MIN' })).toBe(N / 5);
    expect(value('gatehouse_plugin_executions_per_second', { plugin: 'in', result: 'success', window: '5m' })).toBe(N / 5);
  });

  it('exports process metrics', () => {
    expect(family('process_cpu_seconds').type).toBe('counter');
    expect(family('nodejs_eventloop_lag_seconds').type).toBe('gauge');
  });

  it('labels only pipelines, plugins, results, windows and indicator names — never paths', () => {
    const allowed = new Set(['pipeline', 'plugin', 'result', 'window', 'indicator', 'le']);
    for (const fam of families.filter((x) => x.name.startsWith('gatehouse_'))) {
      for (const m of fam.samples) for (const k of Object.keys(m.labels)) expect([fam.name, k, allowed.has(k)]).toEqual([fam.name, k, true]);
    }
    expect(JSON.stringify(families)).not.toContain('/api/x');
  });
});
