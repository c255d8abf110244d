import { AgentClient, AgentRejectedError, describeError, type Clock } from '@gatehouse/foundation';
import { InvalidArgumentError, type InvokeError, ResolveFailedError, ServiceNotFoundError } from '../errors';
import type { Resolution, Resolver } from '../types';
import { type CacheOptions, ResolutionCache } from './cache';
import { flattenNodes } from './validate';

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

/**
 * Resolves through the per-host agent with the one agent client of @gatehouse/foundation:
 * `GET {agentUrl}/v1/discover/{name}`. 200 gives `{services, stale}` (also flagged by
 * `X-Gatehouse-Stale: 1`), 404 an unknown service (not retried), 5xx or a network error is
 * retried up to `attempts` times with backoff on `clock`, then alarmed. Answers are cached for
 * `cacheTtlMs` so calls do not pay a discovery round trip each.
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
  if (!Number.isInteger(attempts) || attempts < 1) throw new InvalidArgumentError('attempts', 'must be an integer >= 1');
  const timeoutMs = options.timeoutMs ?? 1000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new InvalidArgumentError('timeoutMs', 'must be a positive integer');
  const clock: Clock | undefined = options.clock;
  const client = new AgentClient({ agentUrl: options.agentUrl, attempts, timeoutMs, ...(clock === undefined ? {} : { clock }) });
  const cache = new ResolutionCache(options);

  const load = async (name: string): Promise<Resolution> => {
    try {
      const { services, stale } = await client.discover(name);
      return { nodes: flattenNodes(services), stale };
    } catch (err) {
      // A definite answer: the agent knows of no healthy instance. Not retried, not alarmed.
      if (err instanceof AgentRejectedError && err.status === 404) throw new ServiceNotFoundError(name, err.message.replace(/^.*?: /, ''));
      const failed = new ResolveFailedError(name, describeError(err), err);
      if (!(err instanceof AgentRejectedError)) options.onAlarm?.(failed);
      throw failed;
    }
  };

  return {
    cache,
    resolve: (name: string) => cache.get(name, () => load(name)),
    close: () => client.close(),
  };
}
