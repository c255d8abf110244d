import type { ServiceDirectory } from './types';

/** A gateway's shared services, keyed by name and created on first use. */
export class MapServiceDirectory implements ServiceDirectory {
  private readonly services = new Map<string, unknown>();

  get<T>(key: string, create: () => T): T {
    if (!this.services.has(key)) this.services.set(key, create());
    return this.services.get(key) as T;
  }
}
