// MemoryRegistry: the whole registry in one process, for tests and single-process setups.
// An instance that is not registered again within its TTL expires, like a Consul TTL check
// going critical, so heartbeat logic behaves the same against both drivers.
import { systemClock, type Clock, type TimerHandle } from '@gatehouse/foundation';
import { InvalidOptionsError, RegistryClosedError } from '../errors';
import { cloneNode, cloneService, groupByVersion, validateService } from '../service';
import { DEFAULT_TTL_MS, type RegisterOptions, type Registry, type Service, type WatchEvent, type Watcher } from '../types';
import { QueueWatcher, SnapshotDiffer } from '../watcher';

/** Options of `MemoryRegistry`. */
export interface MemoryRegistryOptions {
  /** Time source for TTL expiry. @default systemClock */
  clock?: Clock;
}

interface Instance {
  entry: Service; // the service with exactly one node
  timer: TimerHandle;
}

interface WatchSub {
  service: string | undefined;
  differ: SnapshotDiffer;
  watcher: QueueWatcher;
}

/** An in-process registry with TTL expiry and watches. */
export class MemoryRegistry implements Registry {
  private readonly clock: Clock;
  private readonly services = new Map<string, Map<string, Instance>>();
  private readonly subs = new Set<WatchSub>();
  private closed = false;

  constructor(opts: MemoryRegistryOptions = {}) {
    this.clock = opts.clock ?? systemClock;
  }

  async register(service: Service, opts: RegisterOptions = {}): Promise<void> {
    this.assertOpen();
    validateService(service, true);
    const ttl = opts.ttlMs ?? DEFAULT_TTL_MS;
    if (!Number.isInteger(ttl) || ttl <= 0) throw new InvalidOptionsError('ttlMs must be a positive integer', 'ttlMs');
    const instances = this.services.get(service.name) ?? new Map<string, Instance>();
    this.services.set(service.name, instances);
    for (const node of service.nodes) {
      const prev = instances.get(node.id);
      if (prev) this.clock.clearTimeout(prev.timer);
      const entry = cloneService({ ...service, nodes: [cloneNode(node)] });
      const timer = this.clock.setTimeout(() => this.expire(service.name, node.id), ttl);
      instances.set(node.id, { entry, timer });
    }
    this.notify(service.name);
  }

  async deregister(service: Service): Promise<void> {
    this.assertOpen();
    validateService(service, false);
    const instances = this.services.get(service.name);
    if (!instances) return;
    // No nodes given: drop every instance of that version.
    const ids = service.nodes.length > 0
      ? service.nodes.map((n) => n.id)
      : [...instances.values()].filter((i) => i.entry.version === service.version).map((i) => i.entry.nodes[0]!.id);
    for (const id of ids) {
      const inst = instances.get(id);
      if (!inst) continue;
      this.clock.clearTimeout(inst.timer);
      instances.delete(id);
    }
    if (instances.size === 0) this.services.delete(service.name);
    this.notify(service.name);
  }

  async getService(name: string): Promise<Service[]> {
    this.assertOpen();
    return this.groups(name);
  }

  async listServices(): Promise<Service[]> {
    this.assertOpen();
    const out: Service[] = [];
    for (const name of [...this.services.keys()].sort()) {
      for (const g of this.groups(name)) out.push({ name, version: g.version, metadata: {}, endpoints: [], nodes: [] });
    }
    return out;
  }

  watch(opts: { service?: string } = {}): Watcher {
    this.assertOpen();
    const sub: WatchSub = {
      service: opts.service,
      watcher: new QueueWatcher(() => this.subs.delete(sub)),
      differ: new SnapshotDiffer((e: WatchEvent) => sub.watcher.push(e)),
    };
    this.subs.add(sub);
    const names = opts.service !== undefined ? [opts.service] : [...this.services.keys()].sort();
    for (const name of names) sub.differ.apply(name, this.groups(name));
    return sub.watcher;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const sub of [...this.subs]) sub.watcher.stop();
    for (const instances of this.services.values()) for (const i of instances.values()) this.clock.clearTimeout(i.timer);
    this.services.clear();
  }

  private expire(name: string, id: string): void {
    const instances = this.services.get(name);
    if (!instances?.delete(id)) return;
    if (instances.size === 0) this.services.delete(name);
    this.notify(name);
  }

  private groups(name: string): Service[] {
    const instances = this.services.get(name);
    if (!instances) return [];
    return groupByVersion([...instances.values()].map((i) => i.entry));
  }

  private notify(name: string): void {
    const groups = this.groups(name);
    for (const sub of this.subs) {
      if (sub.service === undefined || sub.service === name) sub.differ.apply(name, groups);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new RegistryClosedError();
  }
}

/** Factory for the memory driver. */
export function memoryRegistry(opts: MemoryRegistryOptions = {}): MemoryRegistry {
  return new MemoryRegistry(opts);
}
