import type { Drainable, ServiceDirectory } from './types';

function isDrainable(s: unknown): s is Drainable {
  return typeof s === 'object' && s !== null && typeof (s as Partial<Drainable>).drain === 'function';
}

/** A gateway's shared services, keyed by name and created on first use. */
export class MapServiceDirectory implements ServiceDirectory {
  private readonly services: Map<string, unknown>;

  /** @param initial services given up front, in place of the ones plugins would create. @default none */
  constructor(initial: Iterable<[string, unknown]> = []) {
    this.services = new Map(initial);
  }

  get<T>(key: string, create: () => T): T {
    if (!this.services.has(key)) this.services.set(key, create());
    return this.services.get(key) as T;
  }

  /** Drains every service that has work in flight (see `Drainable`), all at once. */
  async drain(timeoutMs: number): Promise<void> {
    await Promise.all([...this.services.values()].filter(isDrainable).map((s) => s.drain(timeoutMs)));
  }
}
