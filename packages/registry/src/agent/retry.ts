// "Retried 3 times? -> alarm" (slides 22-23), as one helper the agent uses for every registry call.
import { backoffDelay } from '../backoff';
import type { Clock } from '../clock';
import { ErrorCodes, isRegistryError } from '../errors';

/** Retry settings. */
export interface RetryOptions {
  /** Total attempts. @default 3 */
  attempts?: number;
  /** Backoff base between attempts; 0 retries at once. @default 100 */
  baseMs?: number;
  clock: Clock;
}

const PERMANENT = new Set<string>([ErrorCodes.INVALID_SERVICE, ErrorCodes.INVALID_OPTIONS, ErrorCodes.META_TOO_LARGE, ErrorCodes.CONSUL_REJECTED]);

/** True for failures a retry cannot fix (bad input, Consul 4xx). */
export function isPermanent(err: unknown): boolean {
  return isRegistryError(err) && PERMANENT.has(err.code);
}

/** Runs `fn` up to `attempts` times; rethrows the last error, or a permanent one at once. */
export async function withRetries<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const attempts = opts.attempts ?? 3;
  const base = opts.baseMs ?? 100;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      if (isPermanent(err)) throw err;
      last = err;
      if (i < attempts - 1 && base > 0) {
        const delay = backoffDelay(i, { baseMs: base, maxMs: base * 8 });
        await new Promise<void>((resolve) => opts.clock.setTimeout(resolve, delay));
      }
    }
  }
  throw last;
}
