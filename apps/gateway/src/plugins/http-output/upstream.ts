import { createBalancer, OutlierDetector, type Balancer, type Node } from '@gatehouse/invoke';
import { Pool } from 'undici';
import type { Clock } from '../../engine/clock';
import type { UpstreamConfig } from './schema';

/** One backend instance of an upstream: a balancer node with its keep-alive pool. */
export interface Instance extends Node {
  readonly origin: string;
  readonly pool: Pool;
  /** Active health (true until the checks say otherwise; always true without checks). */
  healthy: boolean;
}

/** How an attempt on an instance ended, for balancing and passive health. */
export type InstanceOutcome = 'ok' | 'failure' | 'neutral';

/** Health of one instance as statistics and the admin API show it. */
export interface InstanceHealth {
  id: string;
  origin: string;
  /** In rotation: actively healthy and not ejected. */
  available: boolean;
  healthy: boolean;
  ejected: boolean;
  /** Milliseconds until an ejection ends (0 when not ejected). */
  ejected_for_ms: number;
  ejections: number;
  consecutive_failures: number;
}

/** Pool settings every instance gets. */
export interface PoolSettings {
  connections: number;
  keepAliveMs: number;
}

/**
 * The instances an HTTPOutput balances over (a static list or the registry's current answer),
 * with the invoke balancer of the configured kind and passive outlier ejection. `pick` returns
 * undefined when no instance is in rotation, so the caller answers 503 at once instead of
 * waiting on a dead backend.
 */
export class Upstream {
  private instances: Instance[] = [];
  private readonly byId = new Map<string, Instance>();
  private readonly balancer: Balancer;
  readonly outliers: OutlierDetector;
  /** Instances in rotation, recomputed only when health or ejections change. */
  private available: Instance[] = [];
  private availableOutlierVersion = -1;
  private availableHealthVersion = -1;
  private healthVersion = 0;

  constructor(
    c: Readonly<UpstreamConfig>,
    private readonly clock: Clock,
    private readonly pools: PoolSettings,
  ) {
    this.balancer = createBalancer(c.balance);
    const o = c.outlier_detection;
    this.outliers = new OutlierDetector({
      consecutiveFailures: o.consecutive_failures,
      baseEjectionMs: Math.round(o.base_ejection_sec * 1000),
      maxEjectionMs: Math.round(o.max_ejection_sec * 1000),
      maxEjectedPercent: o.max_ejected_percent,
      now: () => clock.now(),
    });
  }

  /** Replaces the instance list (static at start, then each registry change); pools of kept instances stay. */
  setInstances(nodes: readonly Node[]): void {
    const next: Instance[] = [];
    const keep = new Set<string>();
    for (const n of nodes) {
      const origin = `http://${n.address.includes(':') ? `[${n.address}]` : n.address}:${n.port}`;
      let inst = this.byId.get(n.id);
      if (inst !== undefined && inst.origin !== origin) {
        void inst.pool.close();
        inst = undefined;
      }
      inst ??= {
        ...n,
        origin,
        healthy: true,
        pool: new Pool(origin, { connections: this.pools.connections, keepAliveTimeout: this.pools.keepAliveMs, keepAliveMaxTimeout: this.pools.keepAliveMs }),
      };
      this.byId.set(n.id, inst);
      keep.add(n.id);
      next.push(inst);
    }
    for (const [id, inst] of this.byId) {
      if (keep.has(id)) continue;
      this.byId.delete(id);
      void inst.pool.close();
    }
    this.instances = next;
    this.outliers.retain(keep);
    this.healthVersion++;
  }

  /** Every instance, in rotation or not (for active checks). */
  all(): readonly Instance[] {
    return this.instances;
  }

  /** An instance in rotation, not in `exclude` when another one is; undefined when none is in rotation. */
  pick(key: string | undefined, exclude: ReadonlySet<string> | undefined): Instance | undefined {
    let list = this.inRotation();
    if (list.length === 0) return undefined;
    if (exclude !== undefined && exclude.size > 0) {
      const rest = list.filter((i) => !exclude.has(i.id));
      if (rest.length > 0) list = rest;
    }
    return this.balancer.pick(list, key === undefined ? undefined : { key }) as Instance;
  }

  /** An attempt on `inst` starts. */
  begin(inst: Instance): void {
    this.balancer.begin?.(inst);
  }

  /** An attempt on `inst` ended: feeds the balancer (latency) and passive health. */
  end(inst: Instance, startedAt: number, outcome: InstanceOutcome): void {
    this.balancer.end?.(inst, { latencyMs: this.clock.now() - startedAt, ok: outcome !== 'failure' });
    if (outcome === 'failure') this.outliers.failure(inst.id, this.instances.length);
    else if (outcome === 'ok') this.outliers.success(inst.id);
  }

  /** Active checks changed the health of `inst`; a passing probe also ends a passive ejection. */
  setHealthy(inst: Instance, healthy: boolean, probePassed: boolean): void {
    if (inst.healthy !== healthy) {
      inst.healthy = healthy;
      this.healthVersion++;
    }
    if (probePassed) this.outliers.restore(inst.id);
  }

  /** Health of every instance. */
  health(): InstanceHealth[] {
    const now = this.clock.now();
    return this.instances.map((i) => {
      const s = this.outliers.state(i.id);
      const ejected = s.ejectedUntil !== undefined;
      return {
        id: i.id,
        origin: i.origin,
        available: i.healthy && !ejected,
        healthy: i.healthy,
        ejected,
        ejected_for_ms: ejected ? Math.max(0, Math.round(s.ejectedUntil! - now)) : 0,
        ejections: s.ejections,
        consecutive_failures: s.consecutiveFailures,
      };
    });
  }

  /** Number of instances in rotation. */
  availableCount(): number {
    return this.inRotation().length;
  }

  async close(): Promise<void> {
    const pools = [...this.byId.values()].map((i) => i.pool.close());
    this.byId.clear();
    this.instances = [];
    await Promise.all(pools);
  }

  private inRotation(): Instance[] {
    this.outliers.ejected(); // returns instances whose ejection time is up (bumps the version)
    if (this.outliers.version !== this.availableOutlierVersion || this.healthVersion !== this.availableHealthVersion) {
      this.available = this.instances.filter((i) => i.healthy && !this.outliers.isEjected(i.id));
      this.availableOutlierVersion = this.outliers.version;
      this.availableHealthVersion = this.healthVersion;
    }
    return this.available;
  }
}
