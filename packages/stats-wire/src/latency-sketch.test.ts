import { seededRandom } from '@gatehouse/foundation';
import { LatencySketch, RELATIVE_ACCURACY } from './latency-sketch';

const QUANTILES = [0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.999, 1];

function distributions(): Record<string, number[]> {
  const r = seededRandom(42);
  const n = 50_000;
  const uniform = Array.from({ length: n }, () => 1e5 + r() * 1e7);
  // Log-normal around 2 ms with a heavy tail, as proxy latencies look.
  const lognormal = Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.exp(Math.log(2e6) + 0.8 * z);
  });
  // Two modes (cache hits and misses) three orders of magnitude apart.
  const bimodal = Array.from({ length: n }, () => (r() < 0.7 ? 5e4 + r() * 1e4 : 8e7 + r() * 4e7));
  return { uniform, lognormal, bimodal };
}

function sketchOf(values: number[]): LatencySketch {
  const s = new LatencySketch();
  for (const v of values) s.record(v);
  return s;
}

function bins(s: LatencySketch): [number, number][] {
  const out: [number, number][] = [];
  s.forEachBin((v, c) => out.push([v, c]));
  return out;
}

describe('LatencySketch', () => {
  for (const [name, values] of Object.entries(distributions())) {
    it(`keeps every percentile within 1 % of the exact sorted sample (${name})`, () => {
      const s = sketchOf(values);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of QUANTILES) {
        const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
        const got = s.quantile(q);
        expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY + 1e-12);
      }
      expect(s.min).toBe(sorted[0]);
      expect(s.max).toBe(sorted[sorted.length - 1]);
    });
  }

  it('computes mean, variance and standard deviation exactly', () => {
    const values = distributions()['lognormal']!;
    const s = sketchOf(values);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(s.count).toBe(values.length);
    expect(s.average).toBeCloseTo(mean, 3);
    expect(s.variance / variance).toBeCloseTo(1, 9);
    expect(s.stdDev).toBeCloseTo(Math.sqrt(variance), 3);
  });

  it('merges into exactly the sketch of the union', () => {
    const { uniform, bimodal } = distributions();
    const a = sketchOf(uniform!);
    const b = sketchOf(bimodal!);
    const union = sketchOf([...uniform!, ...bimodal!]);
    const merged = new LatencySketch();
    merged.merge(a);
    merged.merge(b);
    expect(bins(merged)).toEqual(bins(union));
    expect(merged.count).toBe(union.count);
    expect(merged.min).toBe(union.min);
    expect(merged.max).toBe(union.max);
    for (const q of QUANTILES) expect(merged.quantile(q)).toBe(union.quantile(q));
    expect(merged.sum / union.sum).toBeCloseTo(1, 12);
    expect(merged.variance / union.variance).toBeCloseTo(1, 9);
  });

  it('reads zeros when empty and records zero-length samples', () => {
    const s = new LatencySketch();
    expect([s.count, s.min, s.max, s.quantile(0.5), s.variance]).toEqual([0, 0, 0, 0, 0]);
    s.record(0);
    s.record(1000);
    expect(bins(s)[0]).toEqual([0, 1]);
    expect(s.quantile(0)).toBe(0);
    s.clear();
    expect(s.count).toBe(0);
  });
});
