// Exponential backoff with full jitter, for watch loops and agent retries.

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay ceiling in ms. @default 200 */
  baseMs?: number;
  /** Largest delay ceiling in ms. @default 30000 */
  maxMs?: number;
  /** Random source in [0, 1), injectable for tests. @default Math.random */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0-based): a uniform draw in [ceiling/2, ceiling] where the
 * ceiling doubles per attempt up to `maxMs`. Half-jitter keeps a floor so a fleet never retries
 * in a tight loop, while the random half spreads the fleet out.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 200;
  const max = opts.maxMs ?? 30_000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
