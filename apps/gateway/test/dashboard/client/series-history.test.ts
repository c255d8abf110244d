import { errorPercent, PipelineHistory, SeriesRing } from '../../../src/dashboard/history';
import type { PipelineOverview } from '../../../src/dashboard/types';

/** The page's client-side history: fixed rings of the last points per pipeline and figure. */
describe('dashboard history', () => {
  const line = (pipeline: string, rate: number, failures = 0, p99: number | null = 1e6): PipelineOverview => ({
    pipeline,
    rate_1m: rate,
    rate_5m: rate,
    rate_15m: rate,
    failure_rate_1m: failures,
    count: 0,
    failure_count: 0,
    p50_ns: p99,
    p99_ns: p99,
    in_flight: 0,
    wait_queue: 0,
  });

  it('keeps the newest `capacity` points, oldest first', () => {
    const ring = new SeriesRing(3);
    expect(ring.data()).toEqual([[], []]);
    expect(ring.last()).toBeUndefined();
    for (let i = 1; i <= 5; i++) ring.push(i * 5, i === 4 ? null : i * 10);
    expect(ring.data()).toEqual([
      [15, 20, 25],
      [30, null, 50],
    ]);
    expect(ring.length).toBe(3);
    expect(ring.last()).toBe(50);
  });

  it('records every pipeline of a poll and forgets those that went away', () => {
    const h = new PipelineHistory(4);
    h.record(100, [line('a', 1), line('b', 2, 1, null)]);
    h.record(105, [line('a', 3)]);
    expect(h.series('a', 'rate')!.data()).toEqual([
      [100, 105],
      [1, 3],
    ]);
    expect(h.series('b', 'rate')).toBeUndefined();
    h.record(110, [line('a', 3), line('b', 4)]);
    expect(h.series('b', 'rate')!.data()).toEqual([[110], [4]]);
  });

  it('computes the error share of the last minute, 0 without traffic and at most 100', () => {
    expect(errorPercent(line('a', 4, 1))).toBe(25);
    expect(errorPercent(line('a', 0, 0))).toBe(0);
    expect(errorPercent(line('a', 1, 1.0000001))).toBe(100);
  });
});
