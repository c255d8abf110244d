/** Seconds between two ticks of the statistics ticker (reference §2.8). */
export const TICK_SECONDS = 5;

/** Smoothing factors of the 1-, 5- and 15-minute EWMAs for 5-s ticks: α = 1 − e^(−5/60/N). */
const ALPHA_1 = 1 - Math.exp(-TICK_SECONDS / 60 / 1);
const ALPHA_5 = 1 - Math.exp(-TICK_SECONDS / 60 / 5);
const ALPHA_15 = 1 - Math.exp(-TICK_SECONDS / 60 / 15);

/** The three EWMA windows, in minutes. */
export type RateWindow = 1 | 5 | 15;

/**
 * A throughput meter in the go-metrics style: `mark` only adds to a counter (the hot path), and
 * the shared ticker calls `tick` every 5 s, which turns the events of the last tick into an
 * instant rate and folds it into three exponentially weighted moving averages. The first tick
 * sets every average to the instant rate.
 */
export class Meter {
  private uncounted = 0;
  private initialized = false;
  /** Events ever marked. */
  count = 0;
  /** Events per second, smoothed over about 1, 5 and 15 minutes. */
  m1 = 0;
  m5 = 0;
  m15 = 0;
  /** Events of the last completed tick (what a stats shipper sends per tick). */
  lastTick = 0;

  mark(n = 1): void {
    this.uncounted += n;
    this.count += n;
  }

  /** Folds the events since the last tick into the averages. */
  tick(): void {
    this.lastTick = this.uncounted;
    const instant = this.uncounted / TICK_SECONDS;
    this.uncounted = 0;
    if (!this.initialized) {
      this.m1 = this.m5 = this.m15 = instant;
      this.initialized = true;
      return;
    }
    this.m1 += ALPHA_1 * (instant - this.m1);
    this.m5 += ALPHA_5 * (instant - this.m5);
    this.m15 += ALPHA_15 * (instant - this.m15);
  }

  /** Events per second over `window` minutes. */
  rate(window: RateWindow): number {
    return window === 1 ? this.m1 : window === 5 ? this.m5 : this.m15;
  }
}
