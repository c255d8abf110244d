import type { Clock } from '../../engine/clock';

/** Slots of the sliding window; the window moves in steps of windowMs / SLOTS. */
const SLOTS = 10;

/**
 * Envoy-style retry budget: retries in the last `windowMs` may be at most `percent` % of the
 * requests in that window (never fewer than `minRetries`, so a quiet route can still retry).
 * Keeps retries from multiplying the load on a backend that is already failing: with 20 %, a
 * dead backend sees at most 1.2× the traffic, not (1 + retries)×. Counts live in a ring of
 * slots on the injectable clock, so tests move time instead of sleeping.
 */
export class RetryBudget {
  private readonly slotMs: number;
  private readonly requests = new Float64Array(SLOTS);
  private readonly retries = new Float64Array(SLOTS);
  private slot = 0;
  private slotStart: number;
  private requestSum = 0;
  private retrySum = 0;

  constructor(
    private readonly clock: Clock,
    private readonly percent: number,
    windowMs: number,
    private readonly minRetries: number,
  ) {
    this.slotMs = windowMs / SLOTS;
    this.slotStart = clock.now();
  }

  /** Counts a first attempt. */
  noteRequest(): void {
    this.roll();
    this.requests[this.slot]!++;
    this.requestSum++;
  }

  /** Takes a retry from the budget; false when the window has none left. */
  tryRetry(): boolean {
    this.roll();
    const allowed = Math.max(this.minRetries, (this.requestSum * this.percent) / 100);
    if (this.retrySum + 1 > allowed) return false;
    this.retries[this.slot]!++;
    this.retrySum++;
    return true;
  }

  /** Retries and requests in the current window (statistics, tests). */
  usage(): { requests: number; retries: number } {
    this.roll();
    return { requests: this.requestSum, retries: this.retrySum };
  }

  /** Drops the slots that fell out of the window. */
  private roll(): void {
    const now = this.clock.now();
    let steps = Math.floor((now - this.slotStart) / this.slotMs);
    if (steps <= 0) return;
    if (steps > SLOTS) steps = SLOTS;
    for (let i = 0; i < steps; i++) {
      this.slot = (this.slot + 1) % SLOTS;
      this.requestSum -= this.requests[this.slot]!;
      this.retrySum -= this.retries[this.slot]!;
      this.requests[this.slot] = 0;
      this.retries[this.slot] = 0;
    }
    this.slotStart += Math.floor((now - this.slotStart) / this.slotMs) * this.slotMs;
  }
}
