// A clock tests move by hand; sleep() advances it instantly and records the delay.
import type { Clock } from '../src/clock';

/** Manual clock for throttle windows and registration backoff. */
export class ManualClock implements Clock {
  /** Every delay passed to sleep(), in order. */
  readonly sleeps: number[] = [];

  constructor(private current = 1_800_000_000_000) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
    return Promise.resolve();
  }

  /** Moves time forward. */
  advance(ms: number): void {
    this.current += ms;
  }
}
