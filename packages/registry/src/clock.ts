// Time source for TTLs, heartbeats and backoff, injectable so tests advance time instead of sleeping.

/** Opaque handle returned by `Clock.setTimeout`. */
export interface TimerHandle {
  readonly id: number;
}

/** The time functions the drivers, the agent and the emulator use. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

let nextId = 1;

/** The wall clock (Date.now and real timers; timers are unref'd so they never hold the process). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    const handle = { id: nextId++, t };
    return handle;
  },
  clearTimeout(handle) {
    const t = (handle as { t?: NodeJS.Timeout }).t;
    if (t) clearTimeout(t);
  },
};

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that only moves when `advance` is called; timers fire in due order. */
export class ManualClock implements Clock {
  private current: number;
  private timers: ManualTimer[] = [];

  /** @param start initial time in ms. @default 1_700_000_000_000 */
  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers not yet fired. */
  pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order, and lets promise callbacks run
   * between timers so chains of async work scheduled by a timer can arm the next one.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
    await flushMicrotasks();
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
