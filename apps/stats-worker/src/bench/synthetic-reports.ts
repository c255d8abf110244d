// Synthetic tick reports for the fold bench and the tests: latencies drawn from seeded distributions.
import { encodeSketch, LatencySketch, REPORT_VERSION, type EncodedReport } from '@gatehouse/stats-wire';

/** A deterministic pseudo-random source (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal latencies (ns) around `medianNs`. */
export function lognormal(r: () => number, medianNs: number, sigma: number): () => number {
  return () => {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.exp(Math.log(medianNs) + sigma * z);
  };
}

export function sketchOf(values: readonly number[]): LatencySketch {
  const s = new LatencySketch();
  for (const v of values) s.record(v);
  return s;
}

/** A report of one pipeline `api` with plugin `limiter`, from raw samples. */
export function report(group: string, node: string, tick: number, ok: readonly number[], failed: readonly number[] = []): EncodedReport {
  const s = sketchOf(ok);
  const f = sketchOf(failed);
  return { v: REPORT_VERSION, g: group, n: node, t: tick, p: [['api', [encodeSketch(s), encodeSketch(f)], [['limiter', [encodeSketch(s), 0]]]]] };
}

/** A report of `pipelines` pipelines × `plugins` plugins, `samples` successes each (the bench's shape). */
export function wideReport(group: string, node: string, tick: number, pipelines: number, plugins: number, sample: () => number, samples: number): EncodedReport {
  const series = (): [ReturnType<typeof encodeSketch>, ReturnType<typeof encodeSketch>] => {
    const s = new LatencySketch();
    for (let i = 0; i < samples; i++) s.record(sample());
    const f = new LatencySketch();
    f.record(sample() * 3);
    return [encodeSketch(s), encodeSketch(f)];
  };
  return {
    v: REPORT_VERSION,
    g: group,
    n: node,
    t: tick,
    p: Array.from({ length: pipelines }, (_, i) => [`pipeline-${i}`, series(), Array.from({ length: plugins }, (_, j) => [`plugin-${j}`, series()] as [string, ReturnType<typeof series>])]),
  };
}
