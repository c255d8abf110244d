import { startStatsFixture, type StatsFixture } from './stats-harness';

/**
 * What the dashboard reads besides the indicators: the snapshot's `recent_errors` (the last
 * failed tasks of a pipeline) and `/statistics/v1/registered-indicators` (every pipeline's
 * plugin-registered indicators in one call).
 */
describe('recent errors and registered indicators over REST', () => {
  let f: StatsFixture;
  beforeAll(async () => {
    f = await startStatsFixture(2);
    for (let i = 0; i < 6; i++) await (await fetch(`${f.dataUrl}/api/item/${i}`)).arrayBuffer();
    f.clock.advance(5000);
  });
  afterAll(() => f.close());

  it('lists the failed tasks newest first, each with its plugin, codes, message and age', async () => {
    const before = Date.now();
    const snap = (await f.get('/statistics/v1/pipelines/api/snapshot')).body;
    expect(f.cuts()).toBe(3);
    expect(snap.recent_errors).toHaveLength(3);
    for (const e of snap.recent_errors) {
      expect(e).toEqual({
        time: expect.any(String),
        age_ms: expect.any(Number),
        plugin: 'out',
        result_code: 502,
        error_code: 'GW_BAD_GATEWAY',
        message: expect.any(String),
      });
      expect(e.message.length).toBeGreaterThan(0);
      expect(Date.parse(e.time)).toBeLessThanOrEqual(before + 1000);
    }
    // The manual clock moved 3 ms per request and 5 s since: the newest failure is the youngest.
    const ages = snap.recent_errors.map((e: { age_ms: number }) => e.age_ms);
    expect(ages[0]).toBeGreaterThanOrEqual(5000);
    expect([...ages].sort((a: number, b: number) => a - b)).toEqual(ages);
  });

  it("serves every pipeline's plugin-registered indicators with their descriptions", async () => {
    const r = await f.get('/statistics/v1/registered-indicators');
    expect(r.status).toBe(200);
    const [api] = r.body.pipelines;
    expect(api.pipeline).toBe('api');
    // Only plugins that registered something: the server (its port), the input (queue) and the limiter.
    expect(api.plugins.map((p: { name: string }) => p.name)).toEqual(['server', 'in', 'limit']);
    const limiter = api.plugins[2];
    expect(limiter.type).toBe('ThroughputRateLimiter');
    const pct = limiter.indicators.find((i: { name: string }) => i.name === 'FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN');
    expect(pct).toEqual({ name: 'FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN', desc: expect.stringMatching(/./), value: 0 });
    const wip = api.plugins[1].indicators.find((i: { name: string }) => i.name === 'WIP_REQUEST_COUNT');
    expect(wip.value).toBe(0);
  });

  it('lists the new route in the OpenAPI document', async () => {
    const doc = (await f.get('/openapi.json')).body;
    expect(Object.keys(doc.paths)).toContain('/statistics/v1/registered-indicators');
  });
});
