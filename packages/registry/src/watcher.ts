// The Watcher both drivers return: a queue of events fed by the driver, read by `next()` or
// `for await`, plus the snapshot differ that turns "the groups of a service now" into events.
import { WatcherStoppedError } from './errors';
import { cloneService, fingerprint } from './service';
import type { Service, WatchEvent, Watcher } from './types';

/** A watcher whose events are pushed by a driver; `onStop` releases the driver's resources. */
export class QueueWatcher implements Watcher {
  private readonly events: WatchEvent[] = [];
  private readonly waiting: { resolve: (e: WatchEvent) => void; reject: (err: Error) => void }[] = [];
  private stopped = false;

  constructor(private readonly onStop: () => void = () => undefined) {}

  /** True once `stop()` was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Delivers an event to the oldest pending `next()`, or queues it. */
  push(event: WatchEvent): void {
    if (this.stopped) return;
    const w = this.waiting.shift();
    if (w) w.resolve(event);
    else this.events.push(event);
  }

  next(): Promise<WatchEvent> {
    const e = this.events.shift();
    if (e) return Promise.resolve(e);
    if (this.stopped) return Promise.reject(new WatcherStoppedError());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.events.length = 0;
    for (const w of this.waiting.splice(0)) w.reject(new WatcherStoppedError());
    this.onStop();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    for (;;) {
      try {
        yield await this.next();
      } catch (err) {
        if (err instanceof WatcherStoppedError) return;
        throw err;
      }
    }
  }
}

/**
 * Remembers the last groups seen per service name and emits create/update/delete events for the
 * difference with a new snapshot. A delete carries the last known group.
 */
export class SnapshotDiffer {
  private readonly known = new Map<string, Map<string, { fp: string; service: Service }>>();

  constructor(private readonly emit: (e: WatchEvent) => void) {}

  /** Applies the current healthy groups of service `name` (`[]` when it has none). */
  apply(name: string, groups: Service[]): void {
    const before = this.known.get(name) ?? new Map<string, { fp: string; service: Service }>();
    const after = new Map<string, { fp: string; service: Service }>();
    for (const g of groups) {
      const fp = fingerprint(g);
      after.set(g.version, { fp, service: g });
      const prev = before.get(g.version);
      if (!prev) this.emit({ action: 'create', service: cloneService(g) });
      else if (prev.fp !== fp) this.emit({ action: 'update', service: cloneService(g) });
    }
    for (const [version, prev] of before) {
      if (!after.has(version)) this.emit({ action: 'delete', service: cloneService(prev.service) });
    }
    if (after.size === 0) this.known.delete(name);
    else this.known.set(name, after);
  }

  /** Names with at least one known group. */
  names(): string[] {
    return [...this.known.keys()];
  }
}
