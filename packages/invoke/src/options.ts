import type { BreakerRegistry, CommandSettings } from '@gatehouse/breaker';
import type { Dispatcher } from 'undici';
import type { Balancer, BalancerKind } from './balancers';
import { canonicalKind } from './balancers';
import { InvalidArgumentError, UnknownBalancerError } from './errors';
import type { Resolver } from './types';

/** Breaker settings for ddns: a circuit per service named `invoke:<service>`. */
export interface DdnsBreakerOptions {
  /** Registry holding the circuits. @default the breaker package's defaultRegistry */
  registry?: BreakerRegistry;
  /**
   * Circuit settings. ddns bounds time itself, so the breaker's own timeout defaults to off, and
   * 4xx answers (`INV_CLIENT_ERROR`) do not count as failures.
   * @default { timeoutMs: 0, errorFilter: isClientError }
   */
  settings?: CommandSettings;
}

/** Options of one `ddns()` call. */
export interface DdnsOptions<T = unknown> {
  /** Balancer kind (one balancer per service and kind is kept) or a Balancer instance. @default 'round-robin' */
  balance?: BalancerKind | Balancer;
  /** Key for the consistent-hash balancer. */
  key?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Time limit of each attempt in ms (cut shorter by the context's deadline). @default 1000 */
  timeoutMs?: number;
  /** Extra attempts, each on a node not tried yet, for retryable failures. @default 1 */
  retries?: number;
  /** HTTP verb. @default 'POST' */
  httpMethod?: Dispatcher.HttpMethod;
  /** Allow retrying a non-idempotent verb (POST, PATCH) after it may have reached the server. @default false */
  idempotent?: boolean;
  /** Wrap the call in a circuit breaker per service; `true` uses the defaults. @default false */
  breaker?: boolean | DdnsBreakerOptions;
  /** Where instances come from. @default the invoker's resolver */
  resolver?: Resolver;
  /** Turns the decoded JSON into the typed result, throwing if it has the wrong shape. @default identity */
  decode?: (value: unknown) => T;
}

/** Options with defaults applied and checked once per call. */
export interface CallPlan<T> {
  path: string;
  method: Dispatcher.HttpMethod;
  idempotent: boolean;
  body: string | undefined;
  timeoutMs: number;
  retries: number;
  balance: string | Balancer;
  resolver: Resolver;
  decode: ((value: unknown) => T) | undefined;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
// A path: printable ASCII without spaces, so it cannot smuggle a header or a second request line.
const PATH = /^\/[\x21-\x7e]*$/;

/** Validates the arguments of `ddns()` and fixes the defaults; throws `INV_INVALID_ARGUMENT`/`INV_UNKNOWN_BALANCER`. */
export function planCall<T>(
  serviceName: unknown,
  method: unknown,
  body: unknown,
  opts: DdnsOptions<T>,
  fallbackResolver: Resolver | undefined,
): CallPlan<T> {
  if (opts === null || typeof opts !== 'object') throw new InvalidArgumentError('opts', 'must be an object');
  if (typeof serviceName !== 'string' || serviceName.length === 0) {
    throw new InvalidArgumentError('serviceName', 'must be a non-empty string');
  }
  if (typeof method !== 'string' || method.length === 0) throw new InvalidArgumentError('method', 'must be a non-empty string');
  const path = method.startsWith('/') ? method : `/${method}`;
  if (!PATH.test(path)) throw new InvalidArgumentError('method', `not a valid path: ${JSON.stringify(method)}`);
  const verb = opts.httpMethod ?? 'POST';
  if (!METHODS.has(verb)) throw new InvalidArgumentError('httpMethod', `unsupported verb ${String(verb)}`);
  let json: string | undefined;
  if (body !== undefined) {
    if (verb === 'GET' || verb === 'HEAD') throw new InvalidArgumentError('body', `${verb} requests carry no body`);
    try {
      json = JSON.stringify(body);
    } catch (err) {
      throw new InvalidArgumentError('body', `not JSON-serialisable (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const timeoutMs = opts.timeoutMs ?? 1000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new InvalidArgumentError('timeoutMs', 'must be a positive integer');
  const retries = opts.retries ?? 1;
  if (!Number.isInteger(retries) || retries < 0) throw new InvalidArgumentError('retries', 'must be a non-negative integer');
  const resolver = opts.resolver ?? fallbackResolver;
  if (resolver === undefined || typeof resolver.resolve !== 'function') {
    throw new InvalidArgumentError('resolver', 'no resolver: pass opts.resolver or create the Invoker with one');
  }
  let balance: string | Balancer = opts.balance ?? 'round-robin';
  if (typeof balance === 'string') {
    const kind = canonicalKind(balance);
    if (kind === undefined) throw new UnknownBalancerError(balance, ['random', 'round-robin', 'weighted-round-robin', 'least-in-flight', 'consistent-hash', 'p2c-ewma']);
    balance = kind;
  } else if (balance === null || typeof balance !== 'object' || typeof balance.pick !== 'function') {
    throw new InvalidArgumentError('balance', 'must be a balancer kind or an object with pick()');
  }
  if (opts.headers !== undefined && (opts.headers === null || typeof opts.headers !== 'object')) {
    throw new InvalidArgumentError('headers', 'must be an object of strings');
  }
  if (opts.decode !== undefined && typeof opts.decode !== 'function') throw new InvalidArgumentError('decode', 'must be a function');
  return {
    path,
    method: verb,
    idempotent: opts.idempotent === true || IDEMPOTENT.has(verb),
    body: json,
    timeoutMs,
    retries,
    balance,
    resolver,
    decode: opts.decode,
  };
}
