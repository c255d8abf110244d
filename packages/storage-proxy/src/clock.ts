// The default clock, and a manual one for tests and simulations.
import type { Clock } from './types';

/** Wall-independent monotonic milliseconds from `performance.now()`. */
export const systemClock: Clock = { now: () => performance.now() };

/** A clock that moves only when told to; inject it to test TTLs without sleeping. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}

  /** The current manual time in milliseconds. */
  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
}
