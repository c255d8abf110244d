/**
 * invoke's error catalogue: every error has a stable `code` (`INV_…`). Errors of the breaker
 * (`BRK_…`, when a breaker is on) pass through unchanged.
 */
import { GatehouseError } from '@gatehouse/foundation';

/** Every code this package can raise; the README's catalogue is checked against this list. */
export const INVOKE_ERROR_CODES = [
  'INV_INVALID_ARGUMENT',
  'INV_UNKNOWN_BALANCER',
  'INV_NO_INSTANCES',
  'INV_SERVICE_NOT_FOUND',
  'INV_RESOLVE_FAILED',
  'INV_CONNECT_FAILED',
  'INV_TRANSPORT',
  'INV_TIMEOUT',
  'INV_DEADLINE_EXCEEDED',
  'INV_CLIENT_ERROR',
  'INV_SERVER_ERROR',
  'INV_UNEXPECTED_STATUS',
  'INV_BAD_JSON',
  'INV_DECODE_FAILED',
  'INV_RESPONSE_TOO_LARGE',
] as const;

/** One of the stable invoke error codes. */
export type InvokeErrorCode = (typeof INVOKE_ERROR_CODES)[number];

/** Where an error happened, when it concerns one service or instance. */
export interface ErrorSite {
  service?: string;
  /** `address:port` of the instance called. */
  instance?: string;
  cause?: unknown;
}

/** Base class of every invoke error. */
export class InvokeError extends GatehouseError<InvokeErrorCode> {
  readonly service: string | undefined;
  readonly instance: string | undefined;

  constructor(code: InvokeErrorCode, message: string, site: ErrorSite & { field?: string } = {}) {
    super(code, message, { cause: site.cause, field: site.field });
    this.service = site.service;
    this.instance = site.instance;
  }
}

/** An argument or option is invalid; nothing was sent. */
export class InvalidArgumentError extends InvokeError {
  constructor(field: string, reason: string) {
    super('INV_INVALID_ARGUMENT', `invalid ${field}: ${reason}`, { field });
  }
}

/** `balance` names no known balancer. */
export class UnknownBalancerError extends InvokeError {
  constructor(kind: string, known: readonly string[]) {
    super('INV_UNKNOWN_BALANCER', `unknown balancer "${kind}"; known: ${known.join(', ')}`);
  }
}

/** The service resolved to zero instances. */
export class NoInstancesError extends InvokeError {
  constructor(service: string) {
    super('INV_NO_INSTANCES', `service "${service}" has no instances`, { service });
  }
}

/** The agent (or registry) does not know the service. */
export class ServiceNotFoundError extends InvokeError {
  constructor(service: string, detail?: string) {
    super('INV_SERVICE_NOT_FOUND', `service "${service}" is unknown${detail ? `: ${detail}` : ''}`, { service });
  }
}

/** The resolver could not answer (agent down or 503, registry error, malformed answer). */
export class ResolveFailedError extends InvokeError {
  constructor(service: string, reason: string, cause?: unknown) {
    super('INV_RESOLVE_FAILED', `could not resolve "${service}": ${reason}`, { service, cause });
  }
}

/** The instance refused or did not accept the connection; the request was never sent. */
export class ConnectFailedError extends InvokeError {
  constructor(site: ErrorSite) {
    super('INV_CONNECT_FAILED', `could not connect to ${site.service} at ${site.instance}`, site);
  }
}

/** The connection broke while the request or response was in flight. */
export class TransportError extends InvokeError {
  constructor(site: ErrorSite) {
    const detail = site.cause instanceof Error ? `: ${site.cause.message}` : '';
    super('INV_TRANSPORT', `transport error calling ${site.service} at ${site.instance}${detail}`, site);
  }
}

/** The attempt ran past `timeoutMs`. */
export class TimeoutError extends InvokeError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, site: ErrorSite) {
    super('INV_TIMEOUT', `${site.service} at ${site.instance} did not answer within ${timeoutMs} ms`, site);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's deadline passed (before or during the call); no further attempt is made. */
export class DeadlineExceededError extends InvokeError {
  constructor(site: ErrorSite) {
    super('INV_DEADLINE_EXCEEDED', `deadline exceeded calling ${site.service}`, site);
  }
}

/** Shared shape of the status errors: the status and the decoded (or raw) response body. */
export class StatusError extends InvokeError {
  readonly status: number;
  /** The response body: parsed JSON when it was JSON, else the text. */
  readonly body: unknown;
  constructor(code: InvokeErrorCode, status: number, body: unknown, site: ErrorSite) {
    super(code, `${site.service} at ${site.instance} answered ${status}${describeBody(body)}`, site);
    this.status = status;
    this.body = body;
  }
}

/** A 4xx answer: the request was wrong; never retried, never counted by the breaker. */
export class ClientError extends StatusError {
  constructor(status: number, body: unknown, site: ErrorSite) {
    super('INV_CLIENT_ERROR', status, body, site);
  }
}

/** A 5xx answer. */
export class ServerError extends StatusError {
  constructor(status: number, body: unknown, site: ErrorSite) {
    super('INV_SERVER_ERROR', status, body, site);
  }
}

/** A 1xx/3xx answer invoke does not follow. */
export class UnexpectedStatusError extends StatusError {
  constructor(status: number, body: unknown, site: ErrorSite) {
    super('INV_UNEXPECTED_STATUS', status, body, site);
  }
}

/** A 2xx answer whose body is not valid JSON. */
export class BadJsonError extends InvokeError {
  readonly status: number;
  /** The start of the body (at most 200 characters). */
  readonly bodySnippet: string;
  constructor(status: number, text: string, site: ErrorSite) {
    super('INV_BAD_JSON', `${site.service} at ${site.instance} answered ${status} with a body that is not JSON`, site);
    this.status = status;
    this.bodySnippet = text.slice(0, 200);
  }
}

/** The caller's `decode` rejected the (valid JSON) response. */
export class DecodeFailedError extends InvokeError {
  readonly status: number;
  constructor(status: number, site: ErrorSite) {
    const detail = site.cause instanceof Error ? `: ${site.cause.message}` : '';
    super('INV_DECODE_FAILED', `${site.service} at ${site.instance} answered ${status} with an unexpected shape${detail}`, site);
    this.status = status;
  }
}

/** The response body exceeded the invoker's `maxResponseBytes`; the request was aborted. */
export class ResponseTooLargeError extends InvokeError {
  readonly limitBytes: number;
  constructor(limitBytes: number, site: ErrorSite) {
    super('INV_RESPONSE_TOO_LARGE', `${site.service} at ${site.instance} sent more than ${limitBytes} bytes`, site);
    this.limitBytes = limitBytes;
  }
}

/** True for invoke's own errors. */
export function isInvokeError(err: unknown): err is InvokeError {
  return err instanceof InvokeError;
}

function describeBody(body: unknown): string {
  if (body !== null && typeof body === 'object' && 'message' in body) {
    return `: ${String((body as { message: unknown }).message)}`;
  }
  return typeof body === 'string' && body.length > 0 ? `: ${body.slice(0, 120)}` : '';
}
