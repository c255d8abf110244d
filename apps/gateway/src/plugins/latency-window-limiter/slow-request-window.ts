/**
 * The TCP-window-like core of the LatencyWindowLimiter (reference §2.7), free of I/O so it can be
 * tested and measured alone. `counter` counts recent slow requests: a slow finish adds one (up to
 * twice the window), a fast one halves it (fast recovery). Requests are limited while the counter
 * exceeds what passed in one window, `allow_msec × outbound rate`.
 */
export class SlowRequestWindow {
  counter = 0;

  constructor(
    private readonly thresholdMs: number,
    private readonly allowMs: number,
    private readonly probeShare: number,
  ) {}

  /** After an admitted request finished: `p90SumMs` is the concerned plugins' summed p90. */
  finished(p90SumMs: number, outboundRate: number): void {
    if (p90SumMs < this.thresholdMs) {
      this.counter = Math.floor(this.counter / 2);
      return;
    }
    const cap = Math.max(1, Math.round((outboundRate * 2 * this.allowMs) / 1000));
    if (this.counter < cap) this.counter++;
    else this.counter = cap;
  }

  /** Requests the window admits: `allow_msec/1000 × outbound rate`. */
  threshold(outboundRate: number): number {
    return (this.allowMs / 1000) * outboundRate;
  }

  limited(outboundRate: number): boolean {
    return this.counter > this.threshold(outboundRate);
  }

  /**
   * Whether a limited request goes through anyway to measure the backend: every request while
   * inbound is under 10/s; none while more than `probe_percentage` % of inbound still passes and
   * that is at least 10/s; otherwise a `probe_percentage` % draw.
   */
  isProbe(inboundRate: number, outboundRate: number, random: () => number): boolean {
    if (inboundRate < 10) return true;
    if (outboundRate >= 10 && outboundRate / inboundRate > this.probeShare) return false;
    return random() < this.probeShare;
  }
}
