import { limiterUnderTest } from '../../../test/support/limiter';

describe('ThroughputRateLimiter rate indicators', () => {
  it('reports inbound and flow-controlled rates and the refused share, per 5-s tick', async () => {
    const { run, stats } = limiterUnderTest('5', 0);
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await run().passed);
    expect(results.filter(Boolean)).toHaveLength(6);
    stats.tick();
    const values = Object.fromEntries(stats.customIndicators('lim').map((i) => [i.name, i.value()]));
    expect(values).toMatchObject({
      INBOUND_THROUGHPUT_RATE_LAST_1MIN: 2,
      INBOUND_THROUGHPUT_RATE_LAST_15MIN: 2,
      FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN: 0.8,
      FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN: 40,
    });
    // With flow_control_percentage_key set, each task carries the share as of the last tick.
    expect(run().task.value('FLOW_PCT')).toBe(40);
  });

  it('removes its indicators when its pipeline lets go of it; a rebuilt instance takes them over', () => {
    const { limiter, ctx, stats, unprepare } = limiterUnderTest('5', 0);
    expect(stats.customIndicators('lim')).toHaveLength(7);
    const undoSecond = limiter.prepare?.(ctx);
    unprepare();
    expect(stats.customIndicators('lim')).toHaveLength(7);
    undoSecond?.();
    expect(stats.customIndicators('lim')).toHaveLength(0);
  });
});
