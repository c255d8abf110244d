import { flush, trafficControlUnderTest } from '../../../test/support/traffic-control';
import { LatencyWindowLimiter } from './latency-window-limiter';
import type { LatencyWindowLimiterConfig } from './schema';

function limiter(over: Partial<LatencyWindowLimiterConfig> = {}, random: () => number = () => 0.99) {
  const config: LatencyWindowLimiterConfig = {
    plugin_name: 'lwl',
    plugins_concerned: ['backend'],
    latency_threshold_msec: 800,
    allow_msec: 1000,
    backoff_timeout_msec: 0,
    probe_percentage: 10,
    ...over,
  };
  return trafficControlUnderTest('lwl', (env) => new LatencyWindowLimiter(config, env, random));
}

/** 100 admitted runs and a slow backend (p90 900 ms) in the first 5-s tick: 20 rps in and out. */
async function slowAt20rps(h: ReturnType<typeof limiter>) {
  for (let i = 0; i < 100; i++) {
    const r = h.run();
    await r.passed;
    r.finish();
  }
  h.backend(900, true, 100);
  h.tick();
}

describe('LatencyWindowLimiter (ManualClock, statistics driven by hand)', () => {
  it('counts slow finishes in the data bucket and refuses with 429 once the counter exceeds allow × outbound', async () => {
    const h = limiter();
    await slowAt20rps(h);
    expect(h.indicator('CONCERNED_LATENCY_P90_MSEC')).toBeCloseTo(900, -1);
    expect(h.indicator('LATENCY_WINDOW_THRESHOLD')).toBe(20);
    const admitted = [];
    for (let i = 0; i < 21; i++) {
      const r = h.run();
      expect(await r.passed).toBe(true);
      admitted.push(r);
    }
    for (const r of admitted) r.finish();
    expect(h.indicator('LATENCY_WINDOW_COUNTER')).toBe(21);
    expect(h.ctx.dataBucket('lwl', '0').queryData('latency-window')).toMatchObject({ counter: 21 });
    const refused = h.run();
    expect(await refused.passed).toBe(false);
    expect([refused.task.resultCode, refused.task.errorCode, refused.task.error]).toEqual([429, 'GW_FLOW_CONTROL', 'the backend is slow (without back-off)']);
  });

  it('a fast finish halves the counter and the window opens again', async () => {
    const h = limiter({ backoff_timeout_msec: 1000 });
    await slowAt20rps(h);
    const early = [];
    for (let i = 0; i < 22; i++) early.push(h.run());
    for (const r of early) expect(await r.passed).toBe(true);
    for (const r of early.slice(0, 21)) r.finish();
    const waiting = h.run();
    expect(waiting.waited).toBe(true);
    h.clock.advance(300);
    await flush();
    expect(waiting.isSettled()).toBe(false);
    // The backend got fast: 1,000 quick runs push the p90 under the threshold at the next tick.
    h.backend(10, true, 1000);
    h.tick();
    expect(h.indicator('CONCERNED_LATENCY_P90_MSEC')).toBeLessThan(800);
    early[21]!.finish();
    expect(h.indicator('LATENCY_WINDOW_COUNTER')).toBe(10);
    h.clock.advance(100);
    expect(await waiting.passed).toBe(true);
  });

  it('backs off by polling every backoff/10 ms and refuses when the back-off ends', async () => {
    const h = limiter({ backoff_timeout_msec: 500 });
    await slowAt20rps(h);
    for (let i = 0; i < 21; i++) {
      const r = h.run();
      await r.passed;
      r.finish();
    }
    const w = h.run();
    expect(w.waited).toBe(true);
    expect(h.clock.pending()).toBe(1);
    h.clock.advance(499);
    await flush();
    expect(w.isSettled()).toBe(false);
    h.clock.advance(1);
    expect(await w.passed).toBe(false);
    expect(w.task.error).toBe('the backend is slow (back-off timeout)');
    expect(h.clock.pending()).toBe(0);
  });

  it('a cancelled back-off ends at once and leaves no timer', async () => {
    const h = limiter({ backoff_timeout_msec: -1 });
    await slowAt20rps(h);
    for (let i = 0; i < 21; i++) {
      const r = h.run();
      await r.passed;
      r.finish();
    }
    const w = h.run();
    h.clock.advance(60_000);
    await flush();
    expect(w.isSettled()).toBe(false);
    w.task.cancel(499, 'client left');
    expect(await w.passed).toBe(false);
    expect(w.task.resultCode).toBe(499);
    expect(h.clock.pending()).toBe(0);
  });

  it('lets every request probe while inbound is under 10 rps', async () => {
    const h = limiter();
    for (let i = 0; i < 20; i++) await h.run().passed;
    h.backend(900, true, 20);
    h.tick();
    for (let i = 0; i < 5; i++) {
      const r = h.run();
      await r.passed;
      r.finish();
    }
    expect(h.indicator('LATENCY_WINDOW_COUNTER')).toBeGreaterThan(h.indicator('LATENCY_WINDOW_THRESHOLD')!);
    expect(await h.run().passed).toBe(true);
  });

  it('when little passes, a limited request is a probe with probability probe_percentage', async () => {
    let draw = 0.5;
    const h = limiter({}, () => draw);
    // 100 runs, 95 refused: inbound 20 rps, outbound 1 rps.
    for (let i = 0; i < 5; i++) h.stats.pluginSeries('lwl').record(0, true);
    for (let i = 0; i < 95; i++) h.stats.pluginSeries('lwl').record(0, false);
    h.backend(900, true, 10);
    h.tick();
    const r = h.run();
    await r.passed;
    r.finish();
    const slow2 = h.run();
    await slow2.passed;
    slow2.finish();
    expect(h.indicator('LATENCY_WINDOW_COUNTER')).toBe(2);
    expect(await h.run().passed).toBe(false);
    draw = 0.05;
    expect(await h.run().passed).toBe(true);
  });

  it('removes its indicators when its pipeline lets go of it', () => {
    const h = limiter();
    expect(h.stats.customIndicators('lwl').map((i) => i.name).sort()).toEqual(['CONCERNED_LATENCY_P90_MSEC', 'LATENCY_WINDOW_COUNTER', 'LATENCY_WINDOW_THRESHOLD']);
    h.unprepare();
    expect(h.stats.customIndicators('lwl')).toEqual([]);
  });
});
