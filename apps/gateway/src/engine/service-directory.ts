import type { Drainable, ServiceDirectory } from './types';

function isDrainable(s: unknown): s is Drainable {
  return typeof s === 'object' && s !== null && typeof (s as Partial<Drainable>).drain === 'function';
}

/** A gateway's shared services, keyed by name and created on first use. */
export class MapServiceDirectory implements ServiceDirectory {
  private readonly services = new Map<string, unknown>();
  private readonly providers = new Map<string, () => unknown>();

  /**
   * Makes `create` the factory of `key`, used instead of the one a plugin passes: the host
   * (bootstrap) decides how a shared service is built — e.g. where the access log is written —
   * while it is still built only when some plugin first asks for it.
   */
  provide<T>(key: string, create: () => T): void {
    this.providers.set(key, create);
  }

  get<T>(key: string, create: () => T): T {
    if (!this.services.has(key)) this.services.set(key, (this.providers.get(key) ?? create)());
    return this.services.get(key) as T;
  }

  /** Drains every service that has work in flight (see `Drainable`), all at once. */
  async drain(timeoutMs: number): Promise<void> {
    await Promise.all([...this.services.values()].filter(isDrainable).map((s) => s.drain(timeoutMs)));
  }
}
