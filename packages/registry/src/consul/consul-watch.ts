// A watch over Consul: one blocking loop on /v1/health/service/:name per watched name, and for a
// watch of everything, one more loop on /v1/catalog/services that starts and stops the per-name
// loops as names appear and disappear.
import type { BackoffOptions } from '@gatehouse/foundation';
import type { Clock } from '@gatehouse/foundation';
import type { Service } from '../types';
import { QueueWatcher, SnapshotDiffer } from '../watcher';
import { BlockingLoop } from './blocking-loop';
import type { ConsulClient } from './client';
import type { HealthEntry } from './encoding';

/** What a ConsulWatch needs from its registry. */
export interface ConsulWatchOptions {
  client: ConsulClient;
  clock: Clock;
  backoff: BackoffOptions;
  waitMs: number;
  service: string | undefined;
  toGroups(entries: HealthEntry[]): Service[];
  onError(err: unknown): void;
  onStop(): void;
}

/** Loops feeding one QueueWatcher. */
export class ConsulWatch {
  readonly watcher: QueueWatcher;
  private readonly differ: SnapshotDiffer;
  private readonly loops = new Map<string, BlockingLoop<HealthEntry[]>>();
  private catalog: BlockingLoop<Record<string, string[]>> | undefined;

  constructor(private readonly o: ConsulWatchOptions) {
    this.watcher = new QueueWatcher(() => this.stopAll());
    this.differ = new SnapshotDiffer((e) => this.watcher.push(e));
  }

  start(): void {
    if (this.o.service !== undefined) {
      this.watchName(this.o.service);
      return;
    }
    this.catalog = new BlockingLoop<Record<string, string[]>>({
      clock: this.o.clock,
      backoff: this.o.backoff,
      waitMs: this.o.waitMs,
      fetch: (index, cancel) => this.o.client.catalogServices({ index, waitMs: this.o.waitMs, cancel }),
      onResult: (names) => this.syncNames(Object.keys(names)),
      onError: (err) => this.o.onError(err),
    });
    this.catalog.start();
  }

  private syncNames(names: string[]): void {
    const wanted = new Set(names);
    for (const name of wanted) if (!this.loops.has(name)) this.watchName(name);
    for (const [name, loop] of this.loops) {
      if (wanted.has(name)) continue;
      loop.stop();
      this.loops.delete(name);
      this.differ.apply(name, []);
    }
  }

  private watchName(name: string): void {
    const loop = new BlockingLoop<HealthEntry[]>({
      clock: this.o.clock,
      backoff: this.o.backoff,
      waitMs: this.o.waitMs,
      fetch: (index, cancel) => this.o.client.healthService(name, { index, waitMs: this.o.waitMs, cancel }),
      onResult: (entries) => this.differ.apply(name, this.o.toGroups(entries)),
      onError: (err) => this.o.onError(err),
    });
    this.loops.set(name, loop);
    loop.start();
  }

  private stopAll(): void {
    this.catalog?.stop();
    for (const loop of this.loops.values()) loop.stop();
    this.loops.clear();
    this.o.onStop();
  }
}
