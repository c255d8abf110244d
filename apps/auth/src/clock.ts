// Time source for everything time-dependent (throttle windows, registration backoff), so tests
// advance a manual clock instead of sleeping.

/** A source of the current time and of delays. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** The real clock: Date.now and setTimeout (unref'd so a pending backoff never holds the process). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms).unref();
    }),
};
