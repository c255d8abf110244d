import { trafficControlUnderTest } from '../../../test/support/traffic-control';
import { StaticProbabilityLimiter } from './static-probability-limiter';

function limiter(pass_pr: number, draws?: number[]) {
  let i = 0;
  const random = draws === undefined ? Math.random : () => draws[i++ % draws.length]!;
  return trafficControlUnderTest('spl', (env) => new StaticProbabilityLimiter({ plugin_name: 'spl', pass_pr }, env, random));
}

describe('StaticProbabilityLimiter', () => {
  it('passes a request when the draw is under pass_pr, refuses it with 429 GW_FLOW_CONTROL otherwise', async () => {
    const h = limiter(0.3, [0, 0.29, 0.3, 0.99]);
    const results = [];
    const tasks = [];
    for (let i = 0; i < 4; i++) {
      const r = h.run();
      results.push(await r.passed);
      tasks.push(r.task);
    }
    expect(results).toEqual([true, true, false, false]);
    expect([tasks[2]!.resultCode, tasks[2]!.errorCode]).toEqual([429, 'GW_FLOW_CONTROL']);
    h.tick();
    expect(h.indicator('FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN')).toBeCloseTo(2 / 5);
  });

  it('pass_pr 0 refuses everything and 1 passes everything', async () => {
    const none = limiter(0);
    const all = limiter(1);
    for (let i = 0; i < 200; i++) {
      expect(await none.run().passed).toBe(false);
      expect(await all.run().passed).toBe(true);
    }
  });

  it('passes about pass_pr of the requests with the real random source', async () => {
    const h = limiter(0.25);
    let passed = 0;
    for (let i = 0; i < 4000; i++) if (await h.run().passed) passed++;
    // 4,000 draws at p = 0.25: σ ≈ 27, so ±200 is over 7σ.
    expect(Math.abs(passed - 1000)).toBeLessThan(200);
  });
});
