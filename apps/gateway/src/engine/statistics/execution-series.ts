import { CumulativeHistogram } from './cumulative-histogram';
import { LatencySketch } from './latency-sketch';
import { LatencyWindow } from './latency-window';
import { Meter, type RateWindow } from './meter';

/** Which executions a figure covers: all of them, the successful ones or the failed ones. */
export type ResultKind = 'all' | 'success' | 'failure';

export const RESULT_KINDS: readonly ResultKind[] = ['all', 'success', 'failure'];

/** What statistics users read of one series (a pipeline's tasks, or one plugin's runs). */
export interface SeriesReader {
  /** Executions per second over the last 1, 5 or 15 minutes (EWMA). */
  rate(window: RateWindow, kind?: ResultKind): number;
  /** Executions since the series began. */
  count(kind?: ResultKind): number;
  /** Execution times (ns) of the last 30-s window. Do not modify the result. */
  latency(kind?: ResultKind): LatencySketch;
}

/** Called after each execution sample with its duration (ns) and result. */
export type SampleListener = (durationNs: number, ok: boolean) => void;

/**
 * Throughput and latency of one thing that executes — a pipeline's tasks or a plugin's runs —
 * split by result. A sample costs two counter increments and one sketch insert: the "all"
 * figures are the success and failure ones put together when read.
 */
export class ExecutionSeries implements SeriesReader {
  readonly all = new Meter();
  readonly success = new Meter();
  readonly failure = new Meter();
  readonly successTimes = new LatencyWindow();
  readonly failureTimes = new LatencyWindow();
  private allTimes: LatencySketch | undefined;
  /** Every duration since the series began, by fixed bucket, up to the last tick (Prometheus). */
  successTotal: CumulativeHistogram | undefined;
  failureTotal: CumulativeHistogram | undefined;
  /** Set while someone listens to samples (a breaker); checked on the hot path. */
  onSample: SampleListener | undefined;

  record(durationNs: number, ok: boolean): void {
    this.all.mark();
    if (ok) {
      this.success.mark();
      this.successTimes.record(durationNs);
    } else {
      this.failure.mark();
      this.failureTimes.record(durationNs);
    }
    if (this.onSample !== undefined) this.onSample(durationNs, ok);
  }

  /**
   * Adds another process's executions of one tick (its sealed success and failure slots) as if
   * they had run here: counts now, rates and latency at the next tick. Sample listeners are not
   * told — those samples were acted on where they ran. Takes ownership of the sketches.
   */
  absorb(success: LatencySketch | undefined, failure: LatencySketch | undefined): void {
    if (success !== undefined && success.count > 0) {
      this.all.mark(success.count);
      this.success.mark(success.count);
      this.successTimes.absorb(success);
    }
    if (failure !== undefined && failure.count > 0) {
      this.all.mark(failure.count);
      this.failure.mark(failure.count);
      this.failureTimes.absorb(failure);
    }
  }

  tick(): void {
    this.all.tick();
    this.success.tick();
    this.failure.tick();
    this.successTimes.tick();
    this.failureTimes.tick();
    this.allTimes = undefined;
    const ok = this.successTimes.lastSealed;
    if (ok !== undefined) (this.successTotal ??= new CumulativeHistogram()).fold(ok);
    const failed = this.failureTimes.lastSealed;
    if (failed !== undefined) (this.failureTotal ??= new CumulativeHistogram()).fold(failed);
  }

  rate(window: RateWindow, kind: ResultKind = 'all'): number {
    return this.meter(kind).rate(window);
  }

  count(kind: ResultKind = 'all'): number {
    return this.meter(kind).count;
  }

  meter(kind: ResultKind): Meter {
    return kind === 'all' ? this.all : kind === 'success' ? this.success : this.failure;
  }

  latency(kind: ResultKind = 'all'): LatencySketch {
    if (kind === 'success') return this.successTimes.read();
    if (kind === 'failure') return this.failureTimes.read();
    if (this.allTimes === undefined) {
      const all = new LatencySketch();
      all.merge(this.successTimes.read());
      all.merge(this.failureTimes.read());
      this.allTimes = all;
    }
    return this.allTimes;
  }
}
