import type { Clock } from '../../engine/clock';

/**
 * A token bucket in the style of Go's `rate.Limiter` (which the 2018 plugin used): `rate` tokens
 * per second, at most `burst` stored. `reserve` takes a token now or books a future one and says
 * how long to wait for it; booked tokens can be given back when the waiter gives up.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rate) / 1000);
      this.last = now;
    }
  }

  /** Takes a token if one is there now. */
  allow(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /**
   * Books a token; returns the wait in ms, or -1 (nothing booked) when the wait would exceed
   * `maxWaitMs` (negative = no limit).
   */
  reserve(maxWaitMs: number): number {
    this.refill();
    const after = this.tokens - 1;
    const wait = after >= 0 ? 0 : (-after * 1000) / this.rate;
    if (maxWaitMs >= 0 && wait > maxWaitMs) return -1;
    this.tokens = after;
    return wait;
  }

  /** Gives back a booked token whose waiter gave up. */
  cancelReservation(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** Whole tokens available now (0 while tokens are booked ahead). */
  remaining(): number {
    this.refill();
    return Math.max(0, Math.floor(this.tokens));
  }

  /** Milliseconds until the next whole token is there (0 if one is). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.rate;
  }

  /** Milliseconds until the bucket is full again. */
  msUntilFull(): number {
    this.refill();
    return ((this.burst - this.tokens) * 1000) / this.rate;
  }
}
