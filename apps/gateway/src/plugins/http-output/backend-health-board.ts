import type { InstanceHealth } from './upstream';

/** Key of the board in the gateway's service directory. */
export const BACKEND_HEALTH_BOARD = 'http-output.backend-health';

/** Health of one HTTPOutput's instances. */
export interface UpstreamHealth {
  plugin: string;
  /** `origins` or `service:<name>`. */
  source: string;
  instances: InstanceHealth[];
}

/**
 * Where HTTPOutput instances with an upstream publish their backends' health, for
 * `GET /health/v1/backends`. Keyed by plugin name; a rebuilt instance replaces its predecessor,
 * and only the owner that published an entry can withdraw it.
 */
export class BackendHealthBoard {
  private readonly entries = new Map<string, { owner: object; source: string; read: () => InstanceHealth[] }>();

  publish(plugin: string, owner: object, source: string, read: () => InstanceHealth[]): () => void {
    this.entries.set(plugin, { owner, source, read });
    return () => {
      if (this.entries.get(plugin)?.owner === owner) this.entries.delete(plugin);
    };
  }

  list(): UpstreamHealth[] {
    return [...this.entries]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([plugin, e]) => ({ plugin, source: e.source, instances: e.read() }));
  }
}
