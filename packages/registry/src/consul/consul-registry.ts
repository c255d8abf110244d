// ConsulRegistry: the slide-24 interface over a Consul agent, with the fixes for slide 41.
// - Instances register through the local agent with a TTL check and DeregisterCriticalServiceAfter,
//   so an instance that stops heartbeating goes critical (skipped) and is then reaped by Consul.
// - A repeated `register` of an unchanged service only passes the TTL check (cheap heartbeat);
//   a changed one is registered again.
// - IDs are `name-host-port`, unique across agents.
// - Deregistration goes to the agent that owns the instance, never to /v1/catalog/deregister,
//   whose effect the owning agent's anti-entropy sync undoes.
import { systemClock, type Clock } from '@gatehouse/foundation';
import type { BackoffOptions } from '@gatehouse/foundation';
import { ConsulRejectedError, InvalidOptionsError, RegistryClosedError } from '../errors';
import { groupByVersion, stableJson, validateService } from '../service';
import { DEFAULT_TTL_MS, type RegisterOptions, type Registry, type Service, type Watcher } from '../types';
import { ConsulClient, type ConsulAddress } from './client';
import { fromHealthEntry, isCritical, toRegistration, uniqueNodeId, versionsFromTags, type HealthEntry } from './encoding';
import { ConsulWatch } from './consul-watch';

/** Options of `consulRegistry()`. */
export interface ConsulRegistryOptions extends ConsulAddress {
  /** Time source for backoff delays. @default systemClock */
  clock?: Clock;
  /** Backoff of watch loops after errors. @default { baseMs: 200, maxMs: 30000 } */
  backoff?: BackoffOptions;
  /** `wait` of blocking queries. @default 60000 */
  watchWaitMs?: number;
  /** Timeout of non-blocking HTTP calls. @default 10000 */
  requestTimeoutMs?: number;
  /**
   * DeregisterCriticalServiceAfter of the TTL check; Consul's minimum is 1 minute.
   * @default max(60000, 3 * ttlMs)
   */
  deregisterCriticalAfterMs?: number;
  /**
   * How to reach the agent that owns an instance registered elsewhere (for deregistration).
   * @default the instance's Consul node address with this driver's port
   */
  agentFor?: (node: { node: string; address: string }) => ConsulAddress;
  /** Called when a watch query fails (before backing off); for logging. */
  onWatchError?: (err: unknown) => void;
}

interface Owned {
  fp: string;
  service: Service;
}

/** The Consul driver. */
export class ConsulRegistry implements Registry {
  private readonly client: ConsulClient;
  private readonly owned = new Map<string, Owned>();
  private readonly watches = new Set<ConsulWatch>();
  private nodeName: string | undefined;
  private closed = false;

  constructor(private readonly opts: ConsulRegistryOptions = {}) {
    if (opts.deregisterCriticalAfterMs !== undefined && !(opts.deregisterCriticalAfterMs >= 60_000)) {
      throw new InvalidOptionsError('deregisterCriticalAfterMs must be at least 60000 (Consul minimum)', 'deregisterCriticalAfterMs');
    }
    this.client = new ConsulClient(opts, opts.requestTimeoutMs ?? 10_000);
  }

  /** Registers (or, when unchanged since the last call, only heartbeats) every node of `service`. */
  async register(service: Service, opts: RegisterOptions = {}): Promise<void> {
    this.assertOpen();
    validateService(service, true);
    const ttl = opts.ttlMs ?? DEFAULT_TTL_MS;
    if (!Number.isInteger(ttl) || ttl < 1000) throw new InvalidOptionsError('ttlMs must be an integer >= 1000 for Consul', 'ttlMs');
    const deregAfter = this.opts.deregisterCriticalAfterMs ?? Math.max(60_000, 3 * ttl);
    // Build every registration first so bad metadata fails before anything is written.
    const regs = service.nodes.map((_, i) => toRegistration(service, i, ttl, deregAfter));
    for (const [i, reg] of regs.entries()) {
      const fp = stableJson(reg);
      const prev = this.owned.get(reg.id);
      if (prev?.fp === fp) {
        try {
          await this.client.passCheck(reg.check.checkid, 'heartbeat');
          continue;
        } catch (err) {
          // 404: the agent lost the service (restart, reaped after a long pause): register again.
          if (!(err instanceof ConsulRejectedError && err.status === 404)) throw err;
        }
      }
      await this.client.register(reg);
      await this.client.passCheck(reg.check.checkid, 'registered');
      this.owned.set(reg.id, { fp, service: { ...service, nodes: [service.nodes[i]!] } });
    }
  }

  /**
   * Deregisters every node of `service` through the agent that owns it; with no nodes, every
   * instance of that version.
   */
  async deregister(service: Service): Promise<void> {
    this.assertOpen();
    validateService(service, false);
    const ids = service.nodes.map((n) => uniqueNodeId(service.name, n.address, n.port));
    const foreign = new Set<string>();
    for (const id of ids) {
      if (this.owned.has(id)) {
        await this.client.deregister(id);
        this.owned.delete(id);
      } else {
        foreign.add(id);
      }
    }
    if (foreign.size > 0 || ids.length === 0) {
      await this.deregisterFound(service.name, (e) => (ids.length === 0 ? fromHealthEntry(e)?.version === service.version : foreign.has(e.Service?.ID ?? '')));
    }
  }

  /** Healthy instances grouped by version; critical ones are skipped; `[]` when unknown. */
  async getService(name: string): Promise<Service[]> {
    this.assertOpen();
    const res = await this.client.healthService(name, { index: 0, waitMs: 0 });
    return toGroups(res.body);
  }

  /** One summary entry (name, version; no nodes) per registered name and version. */
  async listServices(): Promise<Service[]> {
    this.assertOpen();
    const res = await this.client.catalogServices({ index: 0, waitMs: 0 });
    const out: Service[] = [];
    for (const name of Object.keys(res.body).sort()) {
      const versions = [...new Set(versionsFromTags(res.body[name] ?? []))].sort();
      for (const version of versions.length > 0 ? versions : ['']) out.push({ name, version, metadata: {}, endpoints: [], nodes: [] });
    }
    return out;
  }

  watch(opts: { service?: string } = {}): Watcher {
    this.assertOpen();
    const w = new ConsulWatch({
      client: this.client,
      clock: this.opts.clock ?? systemClock,
      backoff: this.opts.backoff ?? { baseMs: 200, maxMs: 30_000 },
      waitMs: this.opts.watchWaitMs ?? 60_000,
      service: opts.service,
      toGroups,
      onError: this.opts.onWatchError ?? (() => undefined),
      onStop: () => this.watches.delete(w),
    });
    this.watches.add(w);
    w.start();
    return w.watcher;
  }

  /** Stops watches and closes sockets; registered instances stay (they expire through their TTL). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watches]) w.watcher.stop();
    this.client.destroy();
  }

  /**
   * Deregisters instances this driver did not register in this process (another agent's, or its
   * own agent's from before a restart): each through the agent of the Consul node that holds it.
   */
  private async deregisterFound(name: string, match: (e: HealthEntry) => boolean): Promise<void> {
    const res = await this.client.healthService(name, { index: 0, waitMs: 0 });
    for (const entry of res.body) {
      const id = entry.Service?.ID;
      if (id === undefined || !match(entry)) continue;
      const node = { node: entry.Node?.Node ?? '', address: entry.Node?.Address ?? '' };
      if (node.node === (await this.localNodeName())) {
        await this.client.deregister(id);
        this.owned.delete(id);
        continue;
      }
      const remote = new ConsulClient(this.opts.agentFor?.(node) ?? { ...this.opts, host: node.address }, this.opts.requestTimeoutMs ?? 10_000);
      try {
        await remote.deregister(id);
      } finally {
        remote.destroy();
      }
    }
  }

  /** The Consul node name of the local agent (GET /v1/agent/self), fetched once. */
  private async localNodeName(): Promise<string> {
    this.nodeName ??= (await this.client.self()).nodeName;
    return this.nodeName;
  }

  private assertOpen(): void {
    if (this.closed) throw new RegistryClosedError();
  }
}

function toGroups(entries: HealthEntry[]): Service[] {
  const services: Service[] = [];
  for (const e of entries) {
    if (isCritical(e)) continue;
    const s = fromHealthEntry(e);
    if (s) services.push(s);
  }
  return groupByVersion(services);
}

/** Factory for the Consul driver; nothing connects until the first call. */
export function consulRegistry(opts: ConsulRegistryOptions = {}): ConsulRegistry {
  return new ConsulRegistry(opts);
}
