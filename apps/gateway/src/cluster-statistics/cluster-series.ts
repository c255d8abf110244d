import type { LatencySketch } from '@gatehouse/stats-wire';
import type { ResultKind, SeriesReader } from '../engine/statistics/execution-series';
import { Meter, type RateWindow } from '../engine/statistics/meter';

/** What one series of a group is made of, as read from the folded buckets. */
export interface ClusterSeriesData {
  /** Successes and failures of each 5-s bucket of the rate history, oldest first. */
  history: { success: number; failure: number }[];
  /** Counts since the series began, summed over the nodes. */
  totals: { success: number; failure: number };
  /** The merged latency of the window, by result. */
  window: { success: LatencySketch; failure: LatencySketch; all: LatencySketch };
}

/**
 * A series of the whole group, readable by the same indicator catalogue as a node's own: counts
 * are the nodes' sums; rates are the node meters' EWMAs replayed over the summed 5-s counts —
 * an EWMA is linear, so this equals the sum of the nodes' rates (up to the history's start);
 * latency is the merged histogram of every node's samples in the window.
 */
export class ClusterSeries implements SeriesReader {
  private readonly meters: Record<ResultKind, Meter> = { all: new Meter(), success: new Meter(), failure: new Meter() };

  constructor(private readonly data: ClusterSeriesData) {
    for (const b of data.history) {
      this.meters.success.mark(b.success);
      this.meters.failure.mark(b.failure);
      this.meters.all.mark(b.success + b.failure);
      for (const m of Object.values(this.meters)) m.tick();
    }
  }

  rate(window: RateWindow, kind: ResultKind = 'all'): number {
    return this.meters[kind].rate(window);
  }

  count(kind: ResultKind = 'all'): number {
    const t = this.data.totals;
    return kind === 'success' ? t.success : kind === 'failure' ? t.failure : t.success + t.failure;
  }

  latency(kind: ResultKind = 'all'): LatencySketch {
    return this.data.window[kind];
  }
}
