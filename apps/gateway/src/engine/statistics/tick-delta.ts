import { LatencySketch, type SeriesDelta, type TickReport } from '@gatehouse/stats-wire';
import type { ExecutionSeries } from './execution-series';

/**
 * One pipeline's executions during one tick of another process — the entry a decoded tick
 * report (`decodeReport` of @gatehouse/stats-wire) holds per pipeline: the sealed success and
 * failure slots of its tasks and of each plugin's runs.
 */
export type PipelineDelta = TickReport['pipelines'][number];

/** Adds one series' tick delta to `series`, as if its samples had been recorded there. */
export function absorbSeriesDelta(series: ExecutionSeries, delta: SeriesDelta): void {
  series.absorb(delta.success && LatencySketch.fromParts(delta.success), delta.failure && LatencySketch.fromParts(delta.failure));
}
