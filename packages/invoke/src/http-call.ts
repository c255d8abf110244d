import type { Dispatcher, Pool } from 'undici';
import {
  BadJsonError,
  ClientError,
  ConnectFailedError,
  DeadlineExceededError,
  DecodeFailedError,
  type ErrorSite,
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
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, a.budgetMs);
  let status: number;
  let text: string;
  try {
    const res = await a.pool.request({ path: a.path, method: a.method, headers: a.headers, body: a.body, signal: ac.signal });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    throw transportError(err, timedOut, a);
  } finally {
    clearTimeout(timer);
  }
  if (status >= 200 && status < 300) return decodeSuccess(status, text, a);
  const body = parseLenient(text);
  if (status >= 400 && status < 500) throw new ClientError(status, body, a.site);
  if (status >= 500) throw new ServerError(status, body, a.site);
  throw new UnexpectedStatusError(status, body, a.site);
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

function transportError(err: unknown, timedOut: boolean, a: Attempt<unknown>): Error {
  const site = { ...a.site, cause: err };
  if (timedOut) return a.deadlineBound ? new DeadlineExceededError(site) : new TimeoutError(a.budgetMs, site);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECT_CODES.has(code)) return new ConnectFailedError(site);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new TimeoutError(a.budgetMs, site);
  return new TransportError(site);
}
