// Exponential backoff with jitter, and a retry loop that waits on a Clock (so tests advance a
// ManualClock instead of sleeping) and stops when its AbortSignal fires.
import { abortReason, type Clock } from './clock/clock';
import { systemClock } from './clock/system-clock';

/** How delays grow and spread. */
export interface BackoffOptions {
  /** Ceiling of the first delay in ms. @default 100 */
  baseMs?: number;
  /** Largest ceiling in ms. @default 30000 */
  maxMs?: number;
  /**
   * `half`: uniform in [ceiling/2, ceiling] (a floor, so a fleet never retries in a tight loop,
   * and a random half to spread it); `full`: uniform in [0, ceiling]; `none`: the ceiling.
   * @default 'half'
   */
  jitter?: 'half' | 'full' | 'none';
  /** Random source in [0, 1), injectable for tests. @default Math.random */
  random?: () => number;
}

/** Delay before retry number `attempt` (0-based): the ceiling doubles per attempt up to `maxMs`. */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 100;
  const max = opts.maxMs ?? 30_000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  switch (opts.jitter ?? 'half') {
    case 'none':
      return Math.round(ceiling);
    case 'full':
      return Math.round(random() * ceiling);
    default:
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }
}

/** Options of {@link retry}. */
export interface RetryOptions {
  /** Total attempts, the first included. @default 3 */
  attempts?: number;
  /** Where the waits happen. @default systemClock */
  clock?: Clock;
  /** Stops waiting and retrying; the pending wait rejects with the signal's reason. @default undefined */
  signal?: AbortSignal;
  /** False for failures a retry cannot fix (bad input, a 4xx): they are thrown at once. @default () => true */
  shouldRetry?: (err: unknown, attempt: number) => boolean;
  /** Delays between attempts: backoff settings, or a function of the 0-based attempt. @default {} (100 ms doubling, half jitter) */
  backoff?: BackoffOptions | ((attempt: number) => number);
  /** Told of every failed attempt before the wait (or the final throw). @default undefined */
  onFailure?: (err: unknown, attempt: number, willRetry: boolean) => void;
}

/** Runs `fn` until it resolves, a failure is not retryable, or `attempts` ran; rethrows the last failure. */
export async function retry<T>(fn: (attempt: number, signal: AbortSignal | undefined) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError('retry: attempts must be an integer >= 1');
  const clock = opts.clock ?? systemClock;
  const delayOf = typeof opts.backoff === 'function' ? opts.backoff : (i: number) => backoffDelay(i, opts.backoff as BackoffOptions | undefined);
  for (let attempt = 0; ; attempt++) {
    if (opts.signal !== undefined && isAborted(opts.signal)) throw abortReason(opts.signal);
    try {
      return await fn(attempt, opts.signal);
    } catch (err) {
      const willRetry = attempt + 1 < attempts && !isAborted(opts.signal) && (opts.shouldRetry?.(err, attempt) ?? true);
      opts.onFailure?.(err, attempt, willRetry);
      if (!willRetry) throw err;
    }
    const delay = delayOf(attempt);
    if (delay > 0) await clock.sleep(delay, opts.signal);
  }
}

/** Read through a call so the compiler does not narrow a flag that changes while we await. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
