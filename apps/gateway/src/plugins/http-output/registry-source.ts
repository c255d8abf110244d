import { agentResolver, type Node, type Resolver } from '@gatehouse/invoke';
import type { Clock, TimerHandle } from '../../engine/clock';
import type { Logger } from '../../engine/logger';
import type { Upstream } from './upstream';

/**
 * Keeps an upstream's instances equal to what the registry knows of `service`, through the
 * per-host agent (which itself follows the registry with a watch and answers from its cache).
 * The agent is read again every `refreshMs`; the instance list changes only when the answer does.
 * When the agent cannot answer, the last list stays (a registry outage must not empty the route).
 */
export class RegistrySource {
  private readonly resolver: Resolver;
  private timer: TimerHandle | undefined;
  private closed = false;
  private signature = '';

  constructor(
    private readonly service: string,
    agentUrl: string,
    private readonly refreshMs: number,
    private readonly upstream: Upstream,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.resolver = agentResolver({ agentUrl, cacheTtlMs: 0, attempts: 1, timeoutMs: Math.max(1, Math.min(2000, Math.round(refreshMs))) });
  }

  /** Reads the registry once (failures are logged, not thrown), then follows it. */
  async start(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  /** Reads the agent now and applies a changed answer. */
  async refresh(): Promise<void> {
    let nodes: readonly Node[];
    try {
      nodes = (await this.resolver.resolve(this.service)).nodes;
    } catch (err) {
      const code = (err as { code?: string }).code;
      // A definite "no such service" empties the route; anything else keeps the last answer.
      if (code === 'INV_SERVICE_NOT_FOUND') nodes = [];
      else {
        this.logger.warn({ err, service: this.service }, 'registry agent did not answer; keeping the last instance list');
        return;
      }
    }
    if (this.closed) return;
    const signature = nodes.map((n) => `${n.id}@${n.address}:${n.port}`).sort().join('\n');
    if (signature === this.signature) return;
    this.signature = signature;
    this.upstream.setInstances(nodes);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.resolver.close?.();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.refresh().finally(() => this.schedule());
    }, this.refreshMs);
  }
}
