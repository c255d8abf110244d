// In-process throttle store: one Map entry per key for the current window. Expired entries are
// swept whenever the map grows past `sweepAbove`, so a flood of distinct usernames or addresses
// cannot grow memory without bound.
import { windowIndex, windowRemainder, type ThrottleStore, type WindowHit } from './throttle-store';

/** Options of the in-process store. */
export interface MemoryThrottleStoreOptions {
  /** Map size above which expired windows are swept on the next hit. @default 10000 */
  sweepAbove?: number;
}

interface Entry {
  window: number;
  windowMs: number;
  count: number;
}

/** Fixed-window counters in a Map; correct for one service instance. */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly entries = new Map<string, Entry>();
  private readonly remembered = new Map<string, number>();
  private readonly sweepAbove: number;

  constructor(options: MemoryThrottleStoreOptions = {}) {
    this.sweepAbove = options.sweepAbove ?? 10_000;
  }

  /** Number of keys currently held (for tests of the sweep). */
  get size(): number {
    return this.entries.size;
  }

  hit(key: string, windowMs: number, nowMs: number): Promise<WindowHit> {
    const window = windowIndex(nowMs, windowMs);
    const entry = this.entries.get(key);
    let count: number;
    if (entry !== undefined && entry.window === window && entry.windowMs === windowMs) {
      entry.count += 1;
      count = entry.count;
    } else {
      if (this.entries.size >= this.sweepAbove) this.sweep(nowMs);
      this.entries.set(key, { window, windowMs, count: 1 });
      count = 1;
    }
    return Promise.resolve({ count, resetInMs: windowRemainder(nowMs, windowMs) });
  }

  remember(key: string, ttlMs: number, nowMs: number): Promise<void> {
    if (this.remembered.size >= this.sweepAbove) {
      for (const [k, until] of this.remembered) if (until <= nowMs) this.remembered.delete(k);
    }
    // Still full of live entries: forget the oldest (Map order is insertion order).
    if (this.remembered.size >= this.sweepAbove) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.delete(key);
    this.remembered.set(key, nowMs + ttlMs);
    return Promise.resolve();
  }

  known(key: string, nowMs: number): Promise<boolean> {
    const until = this.remembered.get(key);
    return Promise.resolve(until !== undefined && until > nowMs);
  }

  close(): Promise<void> {
    this.entries.clear();
    this.remembered.clear();
    return Promise.resolve();
  }

  private sweep(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.window < windowIndex(nowMs, entry.windowMs)) this.entries.delete(key);
    }
  }
}
