import { startStatsFixture, type StatsFixture } from './stats-harness';

/**
 * N requests through a proxy pipeline whose backend cuts every 4th connection: the indicators
 * count N executions, and the failures are exactly the backend's cuts — at the pipeline, at
 * HTTPOutput and in the task counts.
 */
const N = 40;

describe('statistics REST end to end', () => {
  let f: StatsFixture;
  beforeAll(async () => {
    f = await startStatsFixture(4);
    for (let i = 0; i < N; i++) {
      const res = await fetch(`${f.dataUrl}/api/item/${i}`);
      await res.arrayBuffer();
    }
    f.clock.advance(5000);
  });
  afterAll(() => f.close());

  const value = async (path: string): Promise<number | null> => {
    const r = await f.get(path);
    expect(r.status).toBe(200);
    return r.body.value as number | null;
  };

  it('counts every request and exactly the backend failures', async () => {
    expect(f.cuts()).toBe(N / 4);
    expect(await value('/statistics/v1/pipelines/api/indicators/EXECUTION_COUNT_ALL/value')).toBe(N);
    expect(await value('/statistics/v1/pipelines/api/indicators/EXECUTION_COUNT_FAILURE/value')).toBe(f.cuts());
    expect(await value('/statistics/v1/pipelines/api/task/indicators/EXECUTION_COUNT_SUCCESS/value')).toBe(N - f.cuts());
    expect(await value('/statistics/v1/pipelines/api/plugins/out/indicators/EXECUTION_COUNT_FAILURE/value')).toBe(f.cuts());
    expect(await value('/statistics/v1/pipelines/api/plugins/limit/indicators/EXECUTION_COUNT_ALL/value')).toBe(N);
    expect(await value('/statistics/v1/pipelines/api/plugins/limit/indicators/INBOUND_THROUGHPUT_RATE_LAST_1MIN/value')).toBe(N / 5);
    expect(await value('/statistics/v1/pipelines/api/indicators/THROUGHPUT_RATE_LAST_1MIN_ALL/value')).toBe(N / 5);
  });

  it('serves latency percentiles in ns once a tick sealed the window', async () => {
    // The backend moves the gateway's clock 3 ms per request: HTTPOutput runs take 3 ms.
    const out = '/statistics/v1/pipelines/api/plugins/out/indicators';
    expect(Math.abs((await value(`${out}/EXECUTION_TIME_99_PERCENT_SUCCESS/value`))! - 3e6)).toBeLessThanOrEqual(3e4);
    expect(await value(`${out}/EXECUTION_TIME_MAX_SUCCESS/value`)).toBe(3e6);
    expect(await value(`${out}/EXECUTION_TIME_COUNT_ALL/value`)).toBe(N);
    expect(await value(`${out}/EXECUTION_TIME_STD_DEV_SUCCESS/value`)).toBe(0);
    expect(await value('/statistics/v1/pipelines/api/indicators/EXECUTION_TIME_50_PERCENT_ALL/value')).toBeGreaterThanOrEqual(2.97e6);
    // The limiter does no I/O: its runs take no time on this clock; nothing failed in it.
    expect(await value('/statistics/v1/pipelines/api/plugins/limit/indicators/EXECUTION_TIME_MAX_ALL/value')).toBe(0);
    expect(await value('/statistics/v1/pipelines/api/plugins/limit/indicators/EXECUTION_TIME_MAX_FAILURE/value')).toBeNull();
  });

  it('lists names at each level, including plugin-registered indicators', async () => {
    const pipeline = (await f.get('/statistics/v1/pipelines/api/indicators')).body.names as string[];
    expect(pipeline).toEqual(expect.arrayContaining(['THROUGHPUT_RATE_LAST_1MIN_ALL', 'EXECUTION_COUNT_ALL', 'EXECUTION_TIME_99_PERCENT_FAILURE', 'EXECUTION_TIME_999_PERCENT_ALL']));
    const input = (await f.get('/statistics/v1/pipelines/api/plugins/in/indicators')).body.names as string[];
    expect(input).toEqual(expect.arrayContaining(['WAIT_QUEUE_LENGTH', 'WIP_REQUEST_COUNT', 'EXECUTION_TIME_50_PERCENT_ALL']));
    const task = (await f.get('/statistics/v1/pipelines/api/task/indicators')).body.names as string[];
    expect(task).toEqual(['EXECUTION_COUNT_ALL', 'EXECUTION_COUNT_SUCCESS', 'EXECUTION_COUNT_FAILURE']);
  });

  it('describes indicators and reads several at once', async () => {
    const desc = await f.get('/statistics/v1/pipelines/api/plugins/in/indicators/WAIT_QUEUE_LENGTH/desc');
    expect(desc.body).toEqual({ desc: 'requests waiting for a free slot of the pipeline' });
    const many = await f.get('/statistics/v1/pipelines/api/indicators/value?names=EXECUTION_COUNT_ALL,EXECUTION_COUNT_FAILURE');
    expect(many.body).toEqual({ values: { EXECUTION_COUNT_ALL: N, EXECUTION_COUNT_FAILURE: N / 4 } });
  });

  it('answers every figure of a pipeline in one call, and an overview of all pipelines', async () => {
    const snap = (await f.get('/statistics/v1/pipelines/api/snapshot')).body;
    expect(snap.pipeline).toBe('api');
    expect(snap.indicators.EXECUTION_COUNT_ALL).toBe(N);
    expect(snap.task.EXECUTION_COUNT_FAILURE).toBe(N / 4);
    expect(snap.plugins.map((p: { name: string }) => p.name)).toEqual(['server', 'in', 'limit', 'out']);
    expect(snap.plugins[1].type).toBe('HTTPInput');
    expect(snap.plugins[1].indicators.WIP_REQUEST_COUNT).toBe(0);
    const overview = (await f.get('/statistics/v1/pipelines')).body.pipelines;
    expect(overview).toEqual([expect.objectContaining({ pipeline: 'api', count: N, failure_count: N / 4, rate_1m: N / 5, in_flight: 0 })]);
  });

  it('answers 404 GW_NOT_FOUND naming the unknown pipeline, plugin or indicator', async () => {
    const cases: [string, string][] = [
      ['/statistics/v1/pipelines/nope/indicators', 'pipeline'],
      ['/statistics/v1/pipelines/nope/snapshot', 'pipeline'],
      ['/statistics/v1/pipelines/api/plugins/nope/indicators', 'plugin'],
      ['/statistics/v1/pipelines/api/indicators/NOPE/value', 'indicator'],
      ['/statistics/v1/pipelines/api/task/indicators/NOPE/desc', 'indicator'],
      ['/statistics/v1/pipelines/api/indicators/value?names=EXECUTION_COUNT_ALL,NOPE', 'indicator'],
    ];
    for (const [path, field] of cases) {
      const r = await f.get(path);
      expect([path, r.status, r.body.code, r.body.field]).toEqual([path, 404, 'GW_NOT_FOUND', field]);
    }
    const none = await f.get('/statistics/v1/pipelines/api/indicators/value');
    expect([none.status, none.body.code, none.body.field]).toEqual([400, 'GW_BAD_REQUEST', 'names']);
  });

  it('serves the gateway process figures', async () => {
    expect((await f.get('/statistics/v1/gateway/uptime')).body.uptime_sec).toBeGreaterThan(0);
    expect((await f.get('/statistics/v1/gateway/rusage')).body.maxRSS).toBeGreaterThan(0);
    expect(Object.keys((await f.get('/statistics/v1/gateway/loadavg')).body)).toEqual(['load_1m', 'load_5m', 'load_15m']);
  });

  it('documents every statistics route in the OpenAPI document', async () => {
    const paths = Object.keys((await f.get('/openapi.json')).body.paths as Record<string, unknown>);
    for (const p of [
      '/statistics/v1/pipelines',
      '/statistics/v1/pipelines/{pipeline}/snapshot',
      '/statistics/v1/pipelines/{pipeline}/indicators/{indicator}/value',
      '/statistics/v1/pipelines/{pipeline}/plugins/{plugin}/indicators/{indicator}/desc',
      '/statistics/v1/pipelines/{pipeline}/task/indicators/value',
      '/statistics/v1/gateway/loadavg',
      '/metrics',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
