// State of the emulated Consul cluster (API v1, semantics of Consul 1.20): one raft index, a
// catalog of nodes, and per-agent local state. An agent owns the services registered on it and
// pushes them to the catalog (anti-entropy); a catalog-only deregistration is therefore undone by
// the next sync while the owning agent still has the service (slide 41).
import type { Clock, TimerHandle } from '@gatehouse/foundation';

export type CheckStatus = 'passing' | 'warning' | 'critical';

/** A service as Consul stores it (agent and catalog views share the shape). */
export interface ServiceRecord {
  ID: string;
  Service: string;
  Tags: string[];
  Address: string;
  Port: number;
  Meta: Record<string, string>;
}

/** A check as Consul stores it. */
export interface CheckRecord {
  CheckID: string;
  Name: string;
  Status: CheckStatus;
  Output: string;
  Notes: string;
  ServiceID: string;
  ServiceName: string;
  Type: string;
}

/** Agent-local extras of a TTL check. */
export interface LocalCheck extends CheckRecord {
  ttlMs: number | undefined;
  deregisterAfterMs: number | undefined;
  criticalSince: number | undefined;
  timer: TimerHandle | undefined;
}

/** What the catalog holds for one node. */
export interface CatalogNode {
  node: string;
  address: string;
  services: Map<string, ServiceRecord>;
  checks: Map<string, CheckRecord>;
}

/** The raft index and blocking-query waiters. */
export class IndexClock {
  private value = 1;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.value;
  }

  /** A write happened: advance the index and wake every blocked query. */
  bump(): void {
    this.value += 1;
    this.wakeAll();
  }

  /** Test hook: force the index (e.g. backwards, as after a snapshot restore). */
  set(value: number): void {
    this.value = value;
    this.wakeAll();
  }

  /**
   * Resolves when the index moves past `index` or after `waitMs` of cluster time, as a blocking
   * query does; at once when the index is already past. An index that went backwards below the
   * requested one blocks until the wait ends, as in Consul - which is why clients must reset.
   */
  waitPast(index: number, waitMs: number, clock: Clock): Promise<void> {
    if (this.value > index) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.waiters.delete(wake);
        clock.clearTimeout(timer);
        resolve();
      };
      const wake = (): void => {
        if (this.value > index) done();
      };
      const timer = clock.setTimeout(done, waitMs);
      this.waiters.add(wake);
    });
  }

  private wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }
}
