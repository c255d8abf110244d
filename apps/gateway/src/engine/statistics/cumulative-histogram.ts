import type { LatencySketch } from './latency-sketch';

/**
 * Upper bounds (seconds) of the fixed buckets durations are counted into for Prometheus: from
 * 50 µs (a limiter's run) to 60 s (a slow backend), about 2.5× apart.
 */
export const DURATION_BUCKETS_SEC: readonly number[] = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

const BOUNDS_NS = DURATION_BUCKETS_SEC.map((s) => s * 1e9);

/**
 * Counts of every duration since the series began, by fixed bucket (not cumulative per bucket;
 * the exporter sums them into `le` buckets). It is folded from each 5-s slot when the slot is
 * sealed, so the hot path pays nothing for it; a sample lands by its sketch bin's value, which
 * is within 1 % of the sample.
 */
export class CumulativeHistogram {
  /** counts[i] = samples in (bound[i-1], bound[i]]; the last slot is above every bound. */
  readonly counts = new Float64Array(BOUNDS_NS.length + 1);
  count = 0;
  /** Sum of the samples, ns. */
  sum = 0;

  /** Adds every sample of a sealed slot. */
  fold(slot: LatencySketch): void {
    let i = 0;
    slot.forEachBin((v, c) => {
      while (i < BOUNDS_NS.length && v > BOUNDS_NS[i]!) i++;
      this.counts[i] = this.counts[i]! + c;
    });
    this.count += slot.count;
    this.sum += slot.sum;
  }
}
