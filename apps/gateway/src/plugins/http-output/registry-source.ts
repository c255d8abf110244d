import { agentResolver, type Node, type Resolver, type Service } from '@gatehouse/invoke';
import type { Clock, TimerHandle } from '../../engine/clock';
import type { Logger } from '../../engine/logger';
import type { Upstream } from './upstream';

/** Key under which an embedding host provides a registry driver (`gateway.services.provide`). */
export const REGISTRY_DRIVER = 'http-output.registry-driver';

/**
 * The part of a `@gatehouse/registry` Registry (memory, Consul) an upstream uses; structural, so
 * the gateway needs the registry package only where a host embeds a driver.
 */
export interface RegistryDriver {
  getService(name: string): Promise<Service[]>;
  watch(opts: { service: string }): { next(): Promise<unknown>; stop(): void };
}

/** Where the instances of a service come from. */
interface NodeSource {
  /** The current instances; `[]` for an unknown service; throws when the source cannot answer. */
  nodes(): Promise<readonly Node[]>;
  /** Resolves at the next change (a driver's watch); absent: read again every refresh period. */
  changed?(): Promise<unknown>;
  close(): Promise<void>;
}

/** Through the per-host agent, which follows the registry with its own watch and answers from its cache. */
function agentSource(service: string, agentUrl: string, timeoutMs: number): NodeSource {
  const resolver: Resolver = agentResolver({ agentUrl, cacheTtlMs: 0, attempts: 1, timeoutMs });
  return {
    nodes: async () => {
      try {
        return (await resolver.resolve(service)).nodes;
      } catch (err) {
        // A definite "no such service" empties the route; anything else is a failure to answer.
        if ((err as { code?: string }).code === 'INV_SERVICE_NOT_FOUND') return [];
        throw err;
      }
    },
    close: async () => {
      await resolver.close?.();
    },
  };
}

/** Through a registry driver the host embedded, following its watch. */
function driverSource(service: string, registry: RegistryDriver): NodeSource {
  const watcher = registry.watch({ service });
  return {
    nodes: async () => (await registry.getService(service)).flatMap((s) => s.nodes.map((n) => (n.metadata ? n : { ...n, metadata: {} }))),
    changed: () => watcher.next(),
    close: () => {
      watcher.stop();
      return Promise.resolve();
    },
  };
}

/**
 * Keeps an upstream's instances equal to what the registry knows of `service`: through the
 * per-host agent (read again every `refreshMs`), or through a registry driver the host provided
 * (refreshed on each watch event). The instance list changes only when the answer does. When the
 * registry cannot answer, the last list stays: a registry outage must not empty the route.
 */
export class RegistrySource {
  private readonly source: NodeSource;
  private timer: TimerHandle | undefined;
  private closed = false;
  private signature: string | undefined;

  constructor(
    private readonly service: string,
    via: { agentUrl: string } | { driver: RegistryDriver },
    private readonly refreshMs: number,
    private readonly upstream: Upstream,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.source =
      'driver' in via ? driverSource(service, via.driver) : agentSource(service, via.agentUrl, Math.max(1, Math.min(2000, Math.round(refreshMs))));
  }

  /** Reads the registry once (failures are logged, not thrown), then follows it. */
  async start(): Promise<void> {
    await this.refresh();
    if (this.source.changed !== undefined) void this.follow(this.source.changed.bind(this.source));
    else this.poll();
  }

  /** Reads the registry now and applies a changed answer. */
  async refresh(): Promise<void> {
    let nodes: readonly Node[];
    try {
      nodes = await this.source.nodes();
    } catch (err) {
      this.logger.warn({ err, service: this.service }, 'the registry did not answer; keeping the last instance list');
      return;
    }
    if (this.closed) return;
    const signature = nodes
      .map((n) => `${n.id}@${n.address}:${n.port}`)
      .sort()
      .join('\n');
    if (signature === this.signature) return;
    this.signature = signature;
    this.upstream.setInstances(nodes);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.source.close();
  }

  private poll(): void {
    if (this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.refresh().finally(() => this.poll());
    }, this.refreshMs);
  }

  /** Refreshes on every watch event; a failing watch falls back to polling. */
  private async follow(changed: () => Promise<unknown>): Promise<void> {
    while (!this.closed) {
      try {
        await changed();
      } catch (err) {
        if (this.closed) return;
        this.logger.warn({ err, service: this.service }, 'registry watch failed; polling instead');
        this.poll();
        return;
      }
      await this.refresh();
    }
  }
}
