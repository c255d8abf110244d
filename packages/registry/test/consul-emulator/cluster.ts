// An emulated Consul cluster for tests: a catalog with one raft index, and two or more agents,
// each serving the v1 HTTP API on its own loopback port. Time (TTLs, reaping, anti-entropy,
// blocking waits) runs on an injectable clock. Test code only; never exported by the package.
import { systemClock, type Clock, type TimerHandle } from '@gatehouse/foundation';
import { AgentState, type AgentHost } from './agent';
import { EmulatedAgentServer } from './server';
import { IndexClock, type CatalogNode, type CheckRecord, type ServiceRecord } from './state';

/** Options of `ConsulCluster.start`. */
export interface ClusterOptions {
  /** Number of agents (nodes). @default 2 */
  agents?: number;
  /** @default systemClock */
  clock?: Clock;
  /** Period of the agents' full anti-entropy sync. @default 60000 */
  antiEntropyMs?: number;
  /** Period of the critical-service reaper. @default 30000 */
  reapIntervalMs?: number;
  /** Source of the blocking-wait jitter. @default Math.random */
  random?: () => number;
}

/** One entry of GET /v1/health/service/:name. */
export interface HealthRow {
  Node: { ID: string; Node: string; Address: string; Datacenter: string };
  Service: ServiceRecord;
  Checks: CheckRecord[];
}

/** One recorded HTTP request (for assertions on index/wait). */
export interface RecordedRequest {
  agent: string;
  method: string;
  path: string;
  query: Record<string, string>;
}

export const DATACENTER = 'dc1';

/** The cluster: catalog + agents. */
export class ConsulCluster implements AgentHost {
  readonly clock: Clock;
  readonly random: () => number;
  readonly index = new IndexClock();
  readonly catalog = new Map<string, CatalogNode>();
  readonly agents: EmulatedAgentServer[] = [];
  readonly requests: RecordedRequest[] = [];
  private readonly timers: TimerHandle[] = [];

  private constructor(opts: ClusterOptions) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
  }

  /** Starts the agents' HTTP servers on free loopback ports. */
  static async start(opts: ClusterOptions = {}): Promise<ConsulCluster> {
    const cluster = new ConsulCluster(opts);
    const n = opts.agents ?? 2;
    for (let i = 1; i <= n; i++) {
      const state = new AgentState(`node-${i}`, `10.0.0.${i}`, cluster);
      const server = new EmulatedAgentServer(state, cluster);
      await server.start();
      cluster.agents.push(server);
    }
    cluster.every(opts.antiEntropyMs ?? 60_000, () => cluster.antiEntropy());
    cluster.every(opts.reapIntervalMs ?? 30_000, () => cluster.agents.forEach((a) => a.state.reap()));
    return cluster;
  }

  /** The agent serving node `node-<i>` (1-based). */
  agent(i: number): EmulatedAgentServer {
    const a = this.agents[i - 1];
    if (!a) throw new Error(`no agent ${i}`);
    return a;
  }

  /** The agent whose node is named `node`. */
  agentByNode(node: string): EmulatedAgentServer | undefined {
    return this.agents.find((a) => a.state.nodeName === node);
  }

  syncNode(node: CatalogNode): void {
    const prev = this.catalog.get(node.node);
    if (prev && sameNode(prev, node)) return;
    this.catalog.set(node.node, node);
    this.index.bump();
  }

  /** Every agent pushes its local state again (what undoes a catalog-only deregistration). */
  antiEntropy(): void {
    for (const a of this.agents) if (a.isUp) a.state.sync();
  }

  /** PUT /v1/catalog/deregister: removes from the catalog only; the owning agent is not told. */
  catalogDeregister(node: string, serviceId: string | undefined, checkId: string | undefined): void {
    const n = this.catalog.get(node);
    if (!n) return;
    const next: CatalogNode = { ...n, services: new Map(n.services), checks: new Map(n.checks) };
    if (serviceId !== undefined) {
      next.services.delete(serviceId);
      for (const [id, c] of n.checks) if (c.ServiceID === serviceId) next.checks.delete(id);
    } else if (checkId !== undefined) {
      next.checks.delete(checkId);
    } else {
      this.catalog.delete(node);
      this.index.bump();
      return;
    }
    this.catalog.set(node, next);
    this.index.bump();
  }

  /** Health rows of service `name`; `passing` keeps rows whose every check passes. */
  healthService(name: string, passing: boolean): HealthRow[] {
    const rows: HealthRow[] = [];
    for (const n of [...this.catalog.values()].sort((a, b) => a.node.localeCompare(b.node))) {
      const agent = this.agentByNode(n.node);
      const serf: CheckRecord = {
        CheckID: 'serfHealth', Name: 'Serf Health Status', Status: agent?.nodeHealth ?? 'critical',
        Output: '', Notes: '', ServiceID: '', ServiceName: '', Type: '',
      };
      for (const s of n.services.values()) {
        if (s.Service !== name) continue;
        const checks = [serf, ...[...n.checks.values()].filter((c) => c.ServiceID === s.ID)];
        if (passing && checks.some((c) => c.Status !== 'passing')) continue;
        rows.push({ Node: { ID: n.node, Node: n.node, Address: n.address, Datacenter: DATACENTER }, Service: s, Checks: checks });
      }
    }
    return rows;
  }

  /** GET /v1/catalog/services: name -> union of tags. */
  catalogServices(): Record<string, string[]> {
    const out: Record<string, Set<string>> = {};
    for (const n of this.catalog.values()) {
      for (const s of n.services.values()) {
        const tags = (out[s.Service] ??= new Set());
        s.Tags.forEach((t) => tags.add(t));
      }
    }
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
  }

  /** Stops timers and servers. */
  async close(): Promise<void> {
    this.timers.forEach((t) => this.clock.clearTimeout(t));
    for (const a of this.agents) {
      a.state.stopTimers();
      await a.stop();
    }
  }

  private every(ms: number, fn: () => void): void {
    const tick = (): void => {
      fn();
      this.timers.push(this.clock.setTimeout(tick, ms));
    };
    this.timers.push(this.clock.setTimeout(tick, ms));
  }
}

function sameNode(a: CatalogNode, b: CatalogNode): boolean {
  const flat = (n: CatalogNode): string => JSON.stringify([n.address, [...n.services].sort(), [...n.checks].sort()]);
  return flat(a) === flat(b);
}
