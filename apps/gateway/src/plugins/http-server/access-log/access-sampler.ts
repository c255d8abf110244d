/** The sampler counts in millionths, so sums stay exact integers (0.1 + 0.2 drifts in floats). */
const ONE = 1_000_000;

/**
 * Picks which requests the access log records: exactly `ratio` of them, spread evenly (an
 * accumulator, not a coin): 0.25 logs every 4th request, so a test or an operator can predict
 * the volume, and no random numbers are drawn on the data plane.
 */
export class AccessSampler {
  private credit = 0;
  private readonly step: number;

  constructor(ratio: number) {
    this.step = Math.max(1, Math.round(ratio * ONE));
  }

  take(): boolean {
    if (this.step >= ONE) return true;
    this.credit += this.step;
    if (this.credit < ONE) return false;
    this.credit -= ONE;
    return true;
  }
}
