// Synthetic tick reports for the fold bench and the tests: latencies drawn from seeded distributions.
import { seededRandom } from '@gatehouse/foundation';
import { encodeReport, encodeSketch, LatencySketch, reportClaim, SeriesLayout, type EncodedReport, type EncodedReportV1, type PluginGauge, type ReportClaim, type SeriesInput } from '@gatehouse/stats-wire';

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

/** A report of one pipeline `api` with plugin `limiter` (carrying `gauges`, if any), from raw samples. */
export function report(group: string, node: string, tick: number, ok: readonly number[], failed: readonly number[] = [], gauges?: readonly PluginGauge[]): EncodedReport {
  const s = sketchOf(ok);
  return encodeReport({ group, node, tick, pipelines: [{ name: 'api', tasks: { success: s, failure: sketchOf(failed) }, plugins: [{ name: 'limiter', runs: { success: s }, gauges }] }] });
}

/**
 * A report of `pipelines` pipelines × `plugins` plugins, `samples` successes and one failure per
 * series (the bench's shape). Like a gateway's, each pipeline's first plugin (an HTTP input)
 * reports its queue length and requests in work, its second (a throughput limiter) its rate.
 */
export function wideReport(group: string, node: string, tick: number, pipelines: number, plugins: number, sample: () => number, samples: number): EncodedReport {
  // Seeded by node and tick, not from `sample`: the latencies stay what they were without indicators.
  const r = seededRandom(seedOf(`${node}:${tick}`));
  const gaugesOf = (plugin: number): PluginGauge[] | undefined => {
    if (plugin === 0) {
      return [
        { name: 'WAIT_QUEUE_LENGTH', aggregate: 'sum', value: Math.floor(r() * 8) },
        { name: 'WIP_REQUEST_COUNT', aggregate: 'sum', value: Math.floor(r() * 40) },
      ];
    }
    // Requests per second over the last minute: a float (8 bytes on the wire), near `samples` per 5-s tick.
    if (plugin === 1) return [{ name: 'FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN', aggregate: 'sum', value: (samples / 5) * (0.8 + 0.4 * r()) }];
    return undefined;
  };
  const series = (): SeriesInput => {
    const success = new LatencySketch();
    for (let i = 0; i < samples; i++) success.record(sample());
    const failure = new LatencySketch();
    failure.record(sample() * 3);
    return { success, failure };
  };
  return encodeReport({
    group,
    node,
    tick,
    pipelines: Array.from({ length: pipelines }, (_, i) => ({
      name: `pipeline-${i}`,
      tasks: series(),
      plugins: Array.from({ length: plugins }, (_, j) => ({ name: `plugin-${j}`, runs: series(), gauges: gaugesOf(j) })),
    })),
  });
}

/** FNV-1a of `text`: a seed. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The same report in version 1 (JSON arrays), as a node not yet upgraded ships it. */
export function asVersion1(group: string, node: string, tick: number, pipelines: { name: string; tasks: SeriesInput; plugins: { name: string; runs: SeriesInput }[] }[]): EncodedReportV1 {
  return {
    v: 1,
    g: group,
    n: node,
    t: tick,
    p: pipelines.map((p) => [p.name, [encodeSketch(p.tasks.success), encodeSketch(p.tasks.failure)], p.plugins.map((pl) => [pl.name, [encodeSketch(pl.runs.success), encodeSketch(pl.runs.failure)]])]),
  };
}

/** A version-2 report shipped as a claim (version 3): the job data, and the body to SET at its key first. */
export function asClaim(encoded: EncodedReport, prefix: string): { claim: ReportClaim; key: string; body: Buffer } {
  return { claim: reportClaim(encoded.g, encoded.n, encoded.t), key: new SeriesLayout(encoded.g, prefix).bodyKey(encoded.n, encoded.t), body: Buffer.from(encoded.b, 'base64') };
}
