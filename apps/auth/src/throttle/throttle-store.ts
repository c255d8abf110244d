// The storage side of login throttling: fixed-window counters. Two drivers implement it - an
// in-process Map (single instance, the default) and Redis (shared by every instance, when
// REDIS_URL is configured) - and test/throttle-store-contract.ts runs one suite against both.

/** Result of counting one attempt. */
export interface WindowHit {
  /** Attempts counted in the current window, this one included. */
  readonly count: number;
  /** Milliseconds until the current window ends and the count starts again from zero. */
  readonly resetInMs: number;
}

/** Fixed-window attempt counters keyed by an opaque string. */
export interface ThrottleStore {
  /** Counts one attempt under `key` in the window of `windowMs` that contains `nowMs`. */
  hit(key: string, windowMs: number, nowMs: number): Promise<WindowHit>;
  /** Remembers `key` until `nowMs + ttlMs` (a known (user, address) pair). */
  remember(key: string, ttlMs: number, nowMs: number): Promise<void>;
  /** True while `key` is remembered. */
  known(key: string, nowMs: number): Promise<boolean>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** Index of the fixed window that contains `nowMs`; windows are aligned to the epoch. */
export function windowIndex(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs);
}

/** Milliseconds from `nowMs` to the end of its window. */
export function windowRemainder(nowMs: number, windowMs: number): number {
  return (windowIndex(nowMs, windowMs) + 1) * windowMs - nowMs;
}
