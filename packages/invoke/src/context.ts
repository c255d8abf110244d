import type { IncomingHttpHeaders } from 'node:http';

/**
 * The header that carries the remaining time budget between services, in whole milliseconds
 * left when the request was sent (a relative value, like gRPC's `grpc-timeout`, so that clock
 * skew between hosts does not matter).
 */
export const DEADLINE_HEADER = 'x-gatehouse-deadline-ms';

/** Per-call context, the counterpart of Go's `ctx`: it carries the deadline. */
export interface InvokeContext {
  /** Absolute deadline in epoch ms (this host's clock); calls past it fail with `INV_DEADLINE_EXCEEDED`. */
  deadline?: number;
}

/** An empty context: no deadline. */
export const background: Readonly<InvokeContext> = Object.freeze({});

/** A child context whose deadline is `ms` from now, or the parent's if that comes sooner. */
export function withTimeout(parent: InvokeContext, ms: number, now: () => number = Date.now): InvokeContext {
  const mine = now() + ms;
  const deadline = parent.deadline === undefined ? mine : Math.min(parent.deadline, mine);
  return { ...parent, deadline };
}

/** Milliseconds left before the deadline (may be negative), or undefined without a deadline. */
export function remainingMs(ctx: InvokeContext, now: () => number = Date.now): number | undefined {
  return ctx.deadline === undefined ? undefined : ctx.deadline - now();
}

/**
 * Server side: builds the context of an incoming request from its deadline header, so nested
 * `ddns()` calls share the caller's budget. A missing or malformed header gives no deadline.
 */
export function contextFromHeaders(headers: IncomingHttpHeaders, now: () => number = Date.now): InvokeContext {
  const raw = headers[DEADLINE_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !/^\d{1,10}$/.test(value)) return {};
  return { deadline: now() + Number(value) };
}

/** `contextFromHeaders` for a `node:http` request (or anything with `headers`). */
export function contextFromRequest(req: { headers: IncomingHttpHeaders }, now: () => number = Date.now): InvokeContext {
  return contextFromHeaders(req.headers, now);
}
