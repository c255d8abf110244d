// The agent's local discovery cache (slide 23: "local hit?"). A service enters it on the first
// discovery and is then kept fresh by a registry watch on that name; when the registry is down
// the last known instances stay and are served flagged stale.
import type { Registry, Service, Watcher } from '../types';

interface Entry {
  groups: Map<string, Service>;
  watcher: Watcher;
}

/** Cached services, each with its own watch. */
export class DiscoveryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly registry: Registry) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached groups of `name`, or undefined on a miss. */
  get(name: string): Service[] | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    return [...e.groups.values()].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  }

  /** Stores an answer of getService and starts watching the name (if not already). */
  fill(name: string, groups: Service[]): void {
    let e = this.entries.get(name);
    if (!e) {
      e = { groups: new Map(), watcher: this.registry.watch({ service: name }) };
      this.entries.set(name, e);
      void this.follow(name, e);
    }
    e.groups = new Map(groups.map((g) => [g.version, g]));
  }

  /** Drops a name and stops its watch. */
  evict(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    e.watcher.stop();
    this.entries.delete(name);
  }

  /** Stops every watch. */
  close(): void {
    for (const name of [...this.entries.keys()]) this.evict(name);
  }

  private async follow(name: string, e: Entry): Promise<void> {
    for await (const ev of e.watcher) {
      if (ev.action === 'delete') e.groups.delete(ev.service.version);
      else e.groups.set(ev.service.version, ev.service);
      // A service with no instance left is forgotten: the next discovery asks the registry.
      if (e.groups.size === 0) this.evict(name);
    }
  }
}
