import { limiterUnderTest } from '../../../test/support/limiter';

describe('ThroughputRateLimiter tps and burst', () => {
  it('tps "-1" is unlimited', async () => {
    const { run } = limiterUnderTest('-1', 0);
    const results = await Promise.all(Array.from({ length: 1000 }, () => run().passed));
    expect(results.every(Boolean)).toBe(true);
  });

  it('tps "0" rejects everything with 429 GW_FLOW_CONTROL', async () => {
    const { run, clock } = limiterUnderTest('0', -1);
    for (let i = 0; i < 3; i++) {
      const r = run();
      expect(await r.passed).toBe(false);
      expect(r.task).toMatchObject({ resultCode: 429, errorCode: 'GW_FLOW_CONTROL' });
      clock.advance(10_000);
    }
  });

  it.each([
    ['5', 6],
    ['2.5', 3],
    ['1', 2],
    ['0.5', 1],
  ])('tps %s allows a burst of floor(tps)+1 = %i, then rejects at once with timeout_msec 0', async (tps, burst) => {
    const { run } = limiterUnderTest(tps, 0);
    const results = [];
    for (let i = 0; i < burst + 3; i++) {
      const r = run();
      expect(r.waited).toBe(false);
      results.push(await r.passed);
    }
    expect(results.filter(Boolean)).toHaveLength(burst);
    expect(results.slice(0, burst).every(Boolean)).toBe(true);
  });

  it('refills at tps tokens per second, capped at the burst', async () => {
    const { run, clock } = limiterUnderTest('10', 0);
    for (let i = 0; i < 11; i++) expect(await run().passed).toBe(true);
    expect(await run().passed).toBe(false);
    clock.advance(100);
    expect(await run().passed).toBe(true);
    expect(await run().passed).toBe(false);
    clock.advance(60_000);
    const after = [];
    for (let i = 0; i < 13; i++) after.push(await run().passed);
    expect(after.filter(Boolean)).toHaveLength(11);
  });

});
