import type { Readable } from 'node:stream';

/** Methods whose repetition has the effect of one request (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Statuses a retry may cure (the backend, or a proxy before it, was briefly unable). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** How one attempt failed, as far as retrying is concerned. */
export type AttemptFailure =
  /** No connection was made: nothing of the request left the gateway. */
  | 'connect'
  /** No answer within the per-try timeout: the backend may have acted on the request. */
  | 'timeout'
  /** The connection broke after the request went out. */
  | 'transport'
  /** The backend answered 502, 503 or 504. */
  | 'status';

/** The body of a backend request: nothing, a rendered buffer, or the client's stream. */
export type RequestBody = Readable | Buffer | string | undefined;

/**
 * Whether another attempt may be made. Connect failures are retried for every method, since
 * nothing was sent. Other failures only for idempotent methods, or non-idempotent ones when the
 * route opts in — except POST: a POST whose request went out is never sent again, opt-in or not.
 * In every case the body must still be there to send: a streamed body that was read from is gone.
 */
export function mayRetry(failure: AttemptFailure, method: string, body: RequestBody, optInUnsafe: boolean): boolean {
  if (!bodyIntact(body)) return false;
  if (failure === 'connect') return true;
  if (IDEMPOTENT.has(method)) return true;
  return optInUnsafe && method !== 'POST';
}

/** True when `body` can be sent (again): a buffer always, a stream only if nothing was read from it. */
function bodyIntact(body: RequestBody): boolean {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return true;
  return !body.destroyed && !body.readableDidRead;
}
