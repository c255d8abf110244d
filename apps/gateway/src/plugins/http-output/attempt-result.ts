// How one backend attempt ended, and what that means for retries and for the instance's health.
import type { BackendResponse } from './dispatch-handler';
import { RETRYABLE_STATUSES, type AttemptFailure } from './retry-policy';

/** undici's timeout error codes: answered 504. */
export const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
/** Failures to open a connection: nothing of the request left the gateway. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** How one attempt ended. */
export type AttemptResult = { response: BackendResponse; error?: undefined } | { response?: undefined; error: NodeJS.ErrnoException };

/** What, if anything, a retry could cure about this attempt. */
export function attemptFailure(result: AttemptResult): AttemptFailure | undefined {
  if (result.response !== undefined) return RETRYABLE_STATUSES.has(result.response.statusCode) ? 'status' : undefined;
  const code = result.error.code ?? result.error.name;
  if (CONNECT_CODES.has(code)) return 'connect';
  return TIMEOUT_CODES.has(code) ? 'timeout' : 'transport';
}

/** 5xx answers, connect failures, timeouts and broken connections count towards ejection. */
export function countsAgainstInstance(result: AttemptResult): boolean {
  return result.response === undefined || result.response.statusCode >= 500;
}
