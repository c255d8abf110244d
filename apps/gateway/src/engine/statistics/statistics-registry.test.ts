import { ManualClock } from '../clock';
import type { Logger } from '../logger';
import { StatisticsRegistry } from './statistics-registry';

function recordingLogger(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  return { errors, info: () => undefined, warn: () => undefined, debug: () => undefined, error: (o) => errors.push(o) };
}

describe('StatisticsRegistry (one shared 5-s ticker)', () => {
  it('ticks every pipeline every 5 s with a single timer', () => {
    const clock = new ManualClock();
    const reg = new StatisticsRegistry(clock);
    const all = Array.from({ length: 100 }, (_, i) => reg.create(`p${i}`));
    expect(clock.pending()).toBe(1);
    for (const s of all) s.pipeline.record(1e6, true);
    clock.advance(4999);
    expect(all[0]!.pipeline.rate(1)).toBe(0);
    clock.advance(1);
    for (const s of all) expect(s.pipeline.rate(1)).toBeCloseTo(0.2, 12);
    expect(clock.pending()).toBe(1);
  });

  it('keeps to the 5-s grid and skips ticks missed in a stall', () => {
    // A clock whose single timer the test fires by hand, as late as it likes.
    let now = 0;
    let pending: { fn: () => void; at: number } | undefined;
    const clock = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        pending = { fn, at: now + ms };
        return setTimeout(() => undefined, 0);
      },
      clearTimeout: () => (pending = undefined),
    };
    const fireAt = (t: number): void => {
      now = t;
      const p = pending!;
      pending = undefined;
      p.fn();
    };
    const reg = new StatisticsRegistry(clock);
    let ticks = 0;
    reg.ticked.add('count', () => ticks++);
    reg.create('p');
    expect(pending!.at).toBe(5000);
    fireAt(5000);
    expect(pending!.at).toBe(10_000);
    fireAt(10_400); // 400 ms late: the next tick stays on the grid
    expect(pending!.at).toBe(15_000);
    fireAt(38_000); // a 23-s stall: one tick, then the grid point at least half a period later
    expect(ticks).toBe(3);
    expect(pending!.at).toBe(45_000);
    reg.stop();
  });

  it('stops its timer when the last pipeline is dropped and restarts with the next', () => {
    const clock = new ManualClock();
    const reg = new StatisticsRegistry(clock);
    const a = reg.create('a');
    const b = reg.create('b');
    reg.drop(a);
    expect(clock.pending()).toBe(1);
    reg.drop(b);
    expect(clock.pending()).toBe(0);
    expect(reg.get('b')).toBeUndefined();
    reg.create('c');
    expect(clock.pending()).toBe(1);
  });

  it('isolates throwing tick and throughput listeners', () => {
    const clock = new ManualClock();
    const logger = recordingLogger();
    const reg = new StatisticsRegistry(clock, logger);
    const s = reg.create('p');
    const seen: string[] = [];
    s.onThroughputUpdated('bad', () => {
      throw new Error('listener bug');
    });
    s.onThroughputUpdated('good', () => seen.push('throughput'));
    reg.ticked.add('bad', () => {
      throw new Error('shipper bug');
    });
    reg.ticked.add('good', () => seen.push('ticked'));
    s.pipeline.record(1, true);
    clock.advance(5000);
    clock.advance(5000);
    expect(seen).toEqual(['throughput', 'ticked', 'throughput', 'ticked']);
    expect(s.pipeline.rate(1)).toBeGreaterThan(0);
    expect(logger.errors.length).toBe(4); // each listener's 1st and 2nd failure
    expect(clock.pending()).toBe(1);
  });
});
