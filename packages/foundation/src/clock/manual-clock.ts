// A clock that moves only when a test says so. Timers fire in due order during `advance`; a timer
// scheduled by a firing timer fires too when it falls due within the same advance.
import { sleepOn, timerHandleBrand, type Clock, type TimerHandle } from './clock';

class ManualTimer implements TimerHandle {
  readonly [timerHandleBrand] = true as const;
  constructor(
    readonly id: number,
    readonly at: number,
    readonly fn: () => void,
  ) {}
}

/** Manual time for tests: `advance` (synchronous) or `advanceAsync` (lets promise chains run). */
export class ManualClock implements Clock {
  private current: number;
  private readonly origin: number;
  private seq = 0;
  private readonly timers = new Map<number, ManualTimer>();

  /** @param startEpochMs the wall time the clock starts at. @default 1_700_000_000_000 */
  constructor(startEpochMs = 1_700_000_000_000) {
    this.current = startEpochMs;
    this.origin = startEpochMs;
  }

  now(): number {
    return this.current;
  }

  /** Milliseconds advanced since construction. */
  monotonic(): number {
    return this.current - this.origin;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = new ManualTimer(++this.seq, this.current + Math.max(0, Number.isFinite(ms) ? ms : 0), fn);
    this.timers.set(timer.id, timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    if (handle instanceof ManualTimer) this.timers.delete(handle.id);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Timers not yet fired. */
  pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order, synchronously. */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    for (let due = this.nextDue(target); due !== undefined; due = this.nextDue(target)) this.fire(due);
    this.current = target;
  }

  /**
   * Like `advance`, but lets promise callbacks (and I/O callbacks ready meanwhile) run before and
   * after each timer, so async work started by one timer can arm the next within the same advance.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    for (;;) {
      await flushPromises();
      const due = this.nextDue(target);
      if (due === undefined) break;
      this.fire(due);
    }
    this.current = target;
    await flushPromises();
  }

  private nextDue(target: number): ManualTimer | undefined {
    let next: ManualTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.at <= target && (next === undefined || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
    }
    return next;
  }

  private fire(timer: ManualTimer): void {
    this.timers.delete(timer.id);
    this.current = Math.max(this.current, timer.at);
    timer.fn();
  }
}

/** Runs queued promise callbacks (several macrotask turns, so chains of awaits settle too). */
async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
