import { seededRandom } from '@gatehouse/foundation';
import { LatencySketch, type SketchParts } from '@gatehouse/stats-wire';
import { lognormal, sketchOf } from '../src/bench/synthetic-reports';
import { BinArena } from '../src/fold/bin-arena';
import { SketchAccumulator } from '../src/fold/sketch-accumulator';

function bins(s: SketchParts): [number, number][] {
  const out: [number, number][] = [];
  s.forEachKey((k, c) => out.push([k, c]));
  return out;
}

describe('a sketch accumulator', () => {
  it('sums sketches exactly as LatencySketch.merge does, however far apart their bins lie', () => {
    const r = seededRandom(11);
    // Medians from 2 µs to 20 s, added out of order: the window must grow downwards and upwards.
    const parts = [2e6, 2e3, 2e10, 5e5, 0].map((median, i) => sketchOf(median === 0 ? [0, 0, 1] : Array.from({ length: 200 + i * 50 }, lognormal(r, median, 0.8))));
    const acc = new SketchAccumulator(new BinArena());
    const exact = new LatencySketch();
    for (const p of parts) {
      acc.add(p);
      exact.merge(p);
    }
    expect(bins(acc)).toEqual(bins(exact));
    expect([acc.count, acc.zeroCount, acc.min, acc.max]).toEqual([exact.count, exact.zeroCount, exact.min, exact.max]);
    expect(acc.sum).toBeCloseTo(exact.sum, -3);
    expect(acc.m2 / exact.m2).toBeCloseTo(1, 9);
    const back = LatencySketch.fromParts(acc);
    for (const q of [0, 0.1, 0.5, 0.9, 0.999, 1]) expect(back.quantile(q)).toBe(exact.quantile(q));
  });

  it('keeps windows of different accumulators apart when they share an arena', () => {
    const arena = new BinArena();
    const a = new SketchAccumulator(arena);
    const b = new SketchAccumulator(arena);
    const ea = new LatencySketch();
    const eb = new LatencySketch();
    const r = seededRandom(5);
    // Medians drifting up for one and down for the other: both windows grow again and again,
    // taking new slots of the same chunks in turn.
    for (let i = 0; i < 20; i++) {
      const sa = sketchOf(Array.from({ length: 100 }, lognormal(r, 1e6 * 1.5 ** i, 0.3)));
      const sb = sketchOf(Array.from({ length: 100 }, lognormal(r, 1e6 / 1.5 ** i, 0.3)));
      a.add(sa);
      b.add(sb);
      ea.merge(sa);
      eb.merge(sb);
    }
    expect(bins(a)).toEqual(bins(ea));
    expect(bins(b)).toEqual(bins(eb));
  });
});
