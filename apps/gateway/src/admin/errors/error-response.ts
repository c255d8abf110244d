import { HttpException } from '@nestjs/common';
import { GatewayError, isGatewayError, type GatewayErrorCode } from '../../errors';

/** An error as the admin plane answers it. */
export interface ErrorResponse {
  status: number;
  body: { code: string; message: string; field?: string };
  /** True when the error is ours to fix (a 5xx), so it must be logged. */
  unexpected: boolean;
}

/** Framework 4xx statuses (routing, URI decoding) mapped onto our catalogue. */
const HTTP_CODES: Record<number, GatewayErrorCode> = {
  401: 'GW_UNAUTHORIZED',
  404: 'GW_NOT_FOUND',
  405: 'GW_METHOD_NOT_ALLOWED',
  408: 'GW_REQUEST_TIMEOUT',
  413: 'GW_BODY_TOO_LARGE',
  431: 'GW_HEADERS_TOO_LARGE',
};

/**
 * Turns anything thrown while serving an admin request into `{code, message, field?}`:
 * GatewayErrors keep their code and status, Nest's own 4xx (no route, bad URI encoding) get a
 * catalogue code, and everything else is GW_INTERNAL with no internals in the message.
 */
export function toErrorResponse(err: unknown): ErrorResponse {
  // A 503 is a state the answer explains (not ready, Redis away), not a bug to log with a stack.
  if (isGatewayError(err))
    return { status: err.status, body: err.toJSON(), unexpected: err.status >= 500 && err.status !== 503 };
  if (err instanceof HttpException && err.getStatus() < 500) {
    const status = err.getStatus();
    const code = HTTP_CODES[status] ?? 'GW_BAD_REQUEST';
    return { status, body: new GatewayError(code, err.message).toJSON(), unexpected: false };
  }
  return {
    status: 500,
    body: { code: 'GW_INTERNAL', message: 'internal error; see the gateway log' },
    unexpected: true,
  };
}
