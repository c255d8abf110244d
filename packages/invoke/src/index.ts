import type { InvokeContext } from './context';
import { Invoker } from './invoker';
import type { DdnsOptions } from './options';

export * from './balancers';
export {
  background,
  contextFromHeaders,
  contextFromRequest,
  DEADLINE_HEADER,
  type InvokeContext,
  remainingMs,
  withTimeout,
} from './context';
export * from './errors';
export { Invoker, type InvokerOptions } from './invoker';
export type { DdnsBreakerOptions, DdnsOptions } from './options';
export { OutlierDetector, type OutlierDetectionOptions, type OutlierState } from './outlier/outlier-detector';
export type { PoolOptions } from './pools';
export { agentResolver, type AgentResolverOptions } from './resolvers/agent-resolver';
export { type CacheOptions, ResolutionCache } from './resolvers/cache';
export { registryResolver, type RegistryResolverOptions } from './resolvers/registry-resolver';
export type { Node, RegistryLike, Resolution, Resolver, Service } from './types';

/** The process-wide invoker behind `ddns()`; it has no resolver, so calls pass `opts.resolver`. */
export const defaultInvoker = new Invoker();

/**
 * `ddns(ctx, serviceName, method, body, opts)` on the default invoker: resolve, pick, call,
 * decode. See `Invoker.ddns`.
 */
export function ddns<T = unknown>(ctx: InvokeContext, serviceName: string, method: string, body?: unknown, opts: DdnsOptions<T> = {}): Promise<T> {
  return defaultInvoker.ddns(ctx, serviceName, method, body, opts);
}
