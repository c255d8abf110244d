import { Pool } from 'undici';
import { InvalidArgumentError, type InvokeError, ResolveFailedError, ServiceNotFoundError } from '../errors';
import type { Resolution, Resolver, Service } from '../types';
import { type CacheOptions, ResolutionCache } from './cache';
import { flattenNodes, serviceListProblem } from './validate';

/** Options of `agentResolver`. */
export interface AgentResolverOptions extends CacheOptions {
  /** Base URL of the per-host agent, e.g. `http://127.0.0.1:7070` (required, no default). */
  agentUrl: string;
  /** Attempts per lookup when the agent is unreachable or answers 5xx (slide 23: ≤3). @default 3 */
  attempts?: number;
  /** Time limit of one discovery request. @default 1000 */
  timeoutMs?: number;
  /** Called once per lookup that failed after every attempt (slide 23: "then alarm"). */
  onAlarm?: (err: InvokeError) => void;
}

interface DiscoverBody {
  services?: unknown;
  stale?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * Resolves through the per-host agent: `GET {agentUrl}/v1/discover/{name}`. 200 gives
 * `{services, stale}` (also flagged by `X-Gatehouse-Stale: 1`), 404 an unknown service (not
 * retried), 5xx or a network error is retried up to `attempts` times, then alarmed. Answers are
 * cached for `cacheTtlMs` so calls do not pay a discovery round trip each.
 */
export function agentResolver(options: AgentResolverOptions): Resolver & { cache: ResolutionCache } {
  let base: URL;
  try {
    base = new URL(options.agentUrl);
  } catch (err) {
    throw new InvalidArgumentError('agentUrl', `not a URL: ${String(options.agentUrl)} (${String(err)})`);
  }
  if (base.protocol !== 'http:') throw new InvalidArgumentError('agentUrl', 'the agent speaks plain http on loopback');
  const attempts = options.attempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 1000;
  if (!Number.isInteger(attempts) || attempts < 1) throw new InvalidArgumentError('attempts', 'must be an integer >= 1');
  const prefix = base.pathname.replace(/\/$/, '');
  const pool = new Pool(base.origin, { connections: 4, keepAliveTimeout: 30_000 });
  const cache = new ResolutionCache(options);

  const once = async (name: string): Promise<Resolution> => {
    let status: number;
    let text: string;
    let staleHeader: boolean;
    try {
      const res = await pool.request({
        path: `${prefix}/v1/discover/${encodeURIComponent(name)}`,
        method: 'GET',
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      staleHeader = res.headers['x-gatehouse-stale'] === '1';
      text = await res.body.text();
    } catch (err) {
      throw new ResolveFailedError(name, `agent unreachable: ${err instanceof Error ? err.message : String(err)}`, err);
    }
    let body: DiscoverBody;
    try {
      body = JSON.parse(text) as DiscoverBody;
    } catch (err) {
      throw new ResolveFailedError(name, `agent answered ${status} with a body that is not JSON`, err);
    }
    if (status === 404) throw new ServiceNotFoundError(name, typeof body.message === 'string' ? body.message : undefined);
    if (status !== 200) {
      const why = typeof body.message === 'string' ? `: ${body.message}` : '';
      throw new ResolveFailedError(name, `agent answered ${status}${why}`);
    }
    const problem = serviceListProblem(body.services);
    if (problem !== undefined) throw new ResolveFailedError(name, `agent answered a malformed list (${problem})`);
    return { nodes: flattenNodes(body.services as Service[]), stale: staleHeader || body.stale === true };
  };

  const load = async (name: string): Promise<Resolution> => {
    let last: InvokeError | undefined;
    for (let i = 0; i < attempts; i++) {
      try {
        return await once(name);
      } catch (err) {
        if (err instanceof ServiceNotFoundError) throw err; // a definite answer: do not retry
        last = err as InvokeError;
      }
    }
    options.onAlarm?.(last!);
    throw last!;
  };

  return {
    cache,
    resolve: (name: string) => cache.get(name, () => load(name)),
    close: () => pool.close(),
  };
}
