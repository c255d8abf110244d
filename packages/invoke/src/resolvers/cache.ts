import { systemClock, type Clock } from '@gatehouse/foundation';
import { ServiceNotFoundError } from '../errors';
import type { Resolution } from '../types';

/** Options of the resolution cache. */
export interface CacheOptions {
  /** How long an answer is served without asking again; `0` disables caching. @default 1000 */
  cacheTtlMs?: number;
  /** Time source of the TTL; tests pass a ManualClock. @default systemClock */
  clock?: Clock;
}

interface Entry {
  value: Resolution;
  expires: number;
}

/**
 * A TTL cache of resolutions with single-flight misses: concurrent callers of one service share
 * one lookup. When a refresh fails and an expired answer exists, the expired answer is served
 * marked stale (the registry being down must not take callers down with it).
 */
export class ResolutionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Resolution>>();
  private readonly ttl: number;
  private readonly clock: Clock;

  constructor(options: CacheOptions = {}) {
    this.ttl = options.cacheTtlMs ?? 1000;
    this.clock = options.clock ?? systemClock;
  }

  /** Returns the cached answer for `name` or loads it with `load`. */
  get(name: string, load: () => Promise<Resolution>): Promise<Resolution> {
    const hit = this.entries.get(name);
    if (hit !== undefined && hit.expires > this.clock.monotonic()) return Promise.resolve(hit.value);
    const running = this.inflight.get(name);
    if (running !== undefined) return running;
    const p = load().then(
      (value) => {
        this.inflight.delete(name);
        if (this.ttl > 0) this.entries.set(name, { value, expires: this.clock.monotonic() + this.ttl });
        return value;
      },
      (err: unknown) => {
        this.inflight.delete(name);
        // An unknown service is a definite answer, not an outage: never serve stale for it.
        if (hit !== undefined && !(err instanceof ServiceNotFoundError)) return { nodes: hit.value.nodes, stale: true };
        throw err;
      },
    );
    this.inflight.set(name, p);
    return p;
  }

  /** Forgets one service (or all). */
  invalidate(name?: string): void {
    if (name === undefined) this.entries.clear();
    else this.entries.delete(name);
  }
}
