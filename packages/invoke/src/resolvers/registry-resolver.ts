import { servicesProblem } from '@gatehouse/foundation';
import { InvalidArgumentError, ResolveFailedError } from '../errors';
import type { RegistryLike, Resolution, Resolver } from '../types';
import { type CacheOptions, ResolutionCache } from './cache';
import { flattenNodes } from './validate';

/** Options of `registryResolver`. */
export type RegistryResolverOptions = CacheOptions;

/**
 * Resolves through an in-process Registry (`getService(name)`), cached for `cacheTtlMs`. Every
 * version's nodes are offered; an empty list is returned as such (ddns raises `INV_NO_INSTANCES`).
 */
export function registryResolver(registry: RegistryLike, options: RegistryResolverOptions = {}): Resolver & { cache: ResolutionCache } {
  if (registry === null || typeof registry !== 'object' || typeof registry.getService !== 'function') {
    throw new InvalidArgumentError('registry', 'needs an object with getService(name)');
  }
  const cache = new ResolutionCache(options);
  const load = async (name: string): Promise<Resolution> => {
    let services: unknown;
    try {
      services = await registry.getService(name);
    } catch (err) {
      throw new ResolveFailedError(name, `registry error: ${err instanceof Error ? err.message : String(err)}`, err);
    }
    const problem = servicesProblem(services);
    if (problem !== undefined) throw new ResolveFailedError(name, `registry answered a malformed list (${problem})`);
    return { nodes: flattenNodes(services as Parameters<typeof flattenNodes>[0]), stale: false };
  };
  return {
    cache,
    resolve: (name: string) => cache.get(name, () => load(name)),
  };
}
