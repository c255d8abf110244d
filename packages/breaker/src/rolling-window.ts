// Hystrix's rolling statistics window: `buckets` buckets of `windowMs / buckets` each, rotated
// lazily from the clock's monotonic time (no interval timer), so a circuit nobody calls costs
// nothing and a ManualClock drives it exactly.
import type { Clock } from '@gatehouse/foundation';

/** Counters of one bucket (and of the whole window). */
export interface WindowCounts {
  /** Calls attempted, rejected ones included. */
  fires: number;
  successes: number;
  /** Failures that count against the circuit, timeouts included. */
  failures: number;
  timeouts: number;
  shortCircuited: number;
  concurrencyRejected: number;
  fallbacks: number;
}

interface Bucket extends WindowCounts {
  index: number;
  latencies: number[];
  seen: number;
}

/** Latency samples kept per bucket; beyond it a reservoir keeps a uniform sample. */
const SAMPLES_PER_BUCKET = 1000;

const empty = (index: number): Bucket => ({
  index,
  fires: 0,
  successes: 0,
  failures: 0,
  timeouts: 0,
  shortCircuited: 0,
  concurrencyRejected: 0,
  fallbacks: 0,
  latencies: [],
  seen: 0,
});

/** The rolling window of one circuit. */
export class RollingWindow {
  private readonly bucketMs: number;
  private ring: Bucket[];

  constructor(
    windowMs: number,
    private readonly buckets: number,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {
    this.bucketMs = windowMs / buckets;
    this.ring = [];
  }

  /** Adds `n` to counter `what` in the current bucket. */
  count(what: keyof WindowCounts, n = 1): void {
    this.current()[what] += n;
  }

  /** Records a latency sample (ms) of a call that ran. */
  latency(ms: number): void {
    const b = this.current();
    b.seen++;
    if (b.latencies.length < SAMPLES_PER_BUCKET) b.latencies.push(ms);
    else {
      const slot = Math.floor(this.random() * b.seen);
      if (slot < SAMPLES_PER_BUCKET) b.latencies[slot] = ms;
    }
  }

  /** Sums of the buckets still inside the window. */
  totals(): WindowCounts {
    const out: WindowCounts = { fires: 0, successes: 0, failures: 0, timeouts: 0, shortCircuited: 0, concurrencyRejected: 0, fallbacks: 0 };
    for (const b of this.live()) for (const k of Object.keys(out) as Array<keyof WindowCounts>) out[k] += b[k];
    return out;
  }

  /** Latency samples of the window, sorted ascending. */
  sortedLatencies(): number[] {
    return this.live()
      .flatMap((b) => b.latencies)
      .sort((a, b) => a - b);
  }

  /** Empties the window (hystrix resets its metrics when a circuit closes). */
  reset(): void {
    this.ring = [];
  }

  private index(): number {
    return Math.floor(this.clock.monotonic() / this.bucketMs);
  }

  private live(): Bucket[] {
    const oldest = this.index() - this.buckets + 1;
    return this.ring.filter((b) => b.index >= oldest);
  }

  private current(): Bucket {
    const index = this.index();
    const last = this.ring[this.ring.length - 1];
    if (last !== undefined && last.index === index) return last;
    const bucket = empty(index);
    this.ring = [...this.ring.filter((b) => b.index > index - this.buckets), bucket];
    return bucket;
  }
}
