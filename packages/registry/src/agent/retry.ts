// "Retried 3 times? -> alarm" (slides 22-23): the agent's registry calls, on the shared retry
// helper. A failure is reported at once through `onFailure` (the stale flag must not wait for
// the retries to run out), and permanent failures (bad input, Consul 4xx) are not retried.
import { retry, type Clock } from '@gatehouse/foundation';
import { ErrorCodes, isRegistryError } from '../errors';

/** Retry settings. */
export interface RetryOptions {
  /** Total attempts. @default 3 */
  attempts?: number;
  /** Backoff base between attempts; 0 retries at once. @default 100 */
  baseMs?: number;
  clock: Clock;
  /** Told of each failed attempt, before any wait. @default undefined */
  onFailure?: (err: unknown) => void;
}

const PERMANENT = new Set<string>([ErrorCodes.INVALID_SERVICE, ErrorCodes.INVALID_OPTIONS, ErrorCodes.META_TOO_LARGE, ErrorCodes.CONSUL_REJECTED]);

/** True for failures a retry cannot fix (bad input, Consul 4xx). */
export function isPermanent(err: unknown): boolean {
  return isRegistryError(err) && PERMANENT.has(err.code);
}

/** Runs `fn` up to `attempts` times; rethrows the last error, or a permanent one at once. */
export function withRetries<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const base = opts.baseMs ?? 100;
  return retry(() => fn(), {
    attempts: opts.attempts ?? 3,
    clock: opts.clock,
    backoff: base > 0 ? { baseMs: base, maxMs: base * 8 } : () => 0,
    shouldRetry: (err) => !isPermanent(err),
    onFailure: (err) => {
      if (!isPermanent(err)) opts.onFailure?.(err);
    },
  });
}
