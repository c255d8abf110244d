import type { Dispatcher, Pool } from 'undici';
import {
  BadJsonError,
  ClientError,
  ConnectFailedError,
  DeadlineExceededError,
  DecodeFailedError,
  type ErrorSite,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  TransportError,
  UnexpectedStatusError,
} from './errors';

/** One HTTP attempt against one instance. */
export interface Attempt<T> {
  pool: Pool;
  site: ErrorSite;
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: string | undefined;
  /** Time allowed for this attempt, in ms. */
  budgetMs: number;
  /** True when the budget is the caller's deadline rather than `timeoutMs`. */
  deadlineBound: boolean;
  decode: ((value: unknown) => T) | undefined;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes: number;
  /** Aborts the exchange (the breaker's timeout): the request is cancelled and its socket closed. */
  signal: AbortSignal | undefined;
}

// Errors raised before the request could be written: safe to retry whatever the method.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Sends the request, decodes the answer, and maps every failure to a typed error. */
export async function attemptCall<T>(a: Attempt<T>): Promise<T> {
  let reply: Reply;
  try {
    reply = await exchange(a);
  } catch (err) {
    throw transportError(err, a);
  }
  const { status, text } = reply;
  if (status >= 200 && status < 300) return decodeSuccess(status, text, a);
  const body = parseLenient(text);
  if (status >= 400 && status < 500) throw new ClientError(status, body, a.site);
  if (status >= 500) throw new ServerError(status, body, a.site);
  throw new UnexpectedStatusError(status, body, a.site);
}

interface Reply {
  status: number;
  text: string;
}

/** Marks an attempt that ran out of budget (never leaves this module). */
class BudgetElapsed extends Error {}
/** Marks a response cut off at maxResponseBytes (never leaves this module). */
class TooLarge extends Error {}
/** Marks an exchange aborted by the caller's signal (never leaves this module). */
class Aborted extends Error {}

/**
 * One request through undici's dispatch API: the body is gathered from the chunks directly and
 * the budget timer aborts through the dispatch controller, which costs far less per call than
 * `request()` with an AbortSignal and a body stream (see docs/benchmarks-service-framework.md).
 */
function exchange(a: Attempt<unknown>): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      a.signal?.removeEventListener('abort', onAbort);
      reject(err);
    };
    const onAbort = (): void => {
      const aborted = new Aborted('aborted by the caller', { cause: a.signal?.reason });
      controller?.abort(aborted);
      fail(aborted);
    };
    const timer = setTimeout(() => {
      const elapsed = new BudgetElapsed();
      // Before the request reached a socket there is no controller yet: onRequestStart aborts it.
      controller?.abort(elapsed);
      fail(elapsed);
    }, a.budgetMs);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(new BudgetElapsed()); // the budget or the caller's signal ended it first
      },
      onResponseStart(_c, statusCode) {
        status = statusCode;
      },
      onResponseData(c, chunk) {
        size += chunk.length;
        if (size > a.maxResponseBytes) {
          const tooLarge = new TooLarge();
          c.abort(tooLarge);
          fail(tooLarge);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        a.signal?.removeEventListener('abort', onAbort);
        const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        resolve({ status, text });
      },
      onResponseError(_c, err) {
        fail(err);
      },
    };
    if (a.signal?.aborted === true) return onAbort();
    a.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      a.pool.dispatch({ path: a.path, method: a.method, headers: a.headers, body: a.body }, handler);
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

function decodeSuccess<T>(status: number, text: string, a: Attempt<T>): T {
  let value: unknown;
  if (text.length === 0) value = undefined; // 204 and empty bodies decode to undefined
  else {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new BadJsonError(status, text, { ...a.site, cause: err });
    }
  }
  if (a.decode === undefined) return value as T;
  try {
    return a.decode(value);
  } catch (err) {
    throw new DecodeFailedError(status, { ...a.site, cause: err });
  }
}

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function transportError(err: unknown, a: Attempt<unknown>): Error {
  if (err instanceof BudgetElapsed) {
    const site = a.site;
    return a.deadlineBound ? new DeadlineExceededError(site) : new TimeoutError(a.budgetMs, site);
  }
  if (err instanceof TooLarge) return new ResponseTooLargeError(a.maxResponseBytes, a.site);
  if (err instanceof Aborted) return new TransportError({ ...a.site, cause: err });
  const site = { ...a.site, cause: err };
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECT_CODES.has(code)) return new ConnectFailedError(site);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new TimeoutError(a.budgetMs, site);
  return new TransportError(site);
}
