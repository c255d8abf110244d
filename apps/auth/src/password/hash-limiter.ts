// Bounds the scrypt work: at most `concurrency` hashes run at once (the core count less one, so
// the event loop keeps a core and answers quickly; each hash holds 128 MiB and a libuv thread),
// at most `queueSize` wait per lane, and a request beyond that is answered at once with 503
// AUTH_OVERLOADED and Retry-After (`hasRoom` lets the login shed before it even reads the user).
// Logins from an address the user logged in from before (the throttle's known pairs) wait in a
// lane of their own that is served first, so a flood from new addresses cannot keep the owner's
// usual login out. A waiter that waited `maxQueueWaitMs` is shed too (a safety net). Before this
// bound, 160 attempts from 40 addresses within the throttle limits queued on libuv's pool with a
// 41 s median, and a real login 0.5 s later took 79 s.
import { availableParallelism } from 'node:os';
import { systemClock, type Clock, type TimerHandle } from '@gatehouse/foundation';
import { ConfigInvalidError, OverloadedError } from '../errors';

/** Options of {@link HashLimiter}. */
export interface HashLimiterOptions {
  /** Hashes running at once. @default max(1, os.availableParallelism() - 1) */
  concurrency?: number;
  /** Hashes waiting at most, per lane; beyond it a request is shed at once. @default 2 × concurrency */
  queueSize?: number;
  /** Longest a hash may wait for a slot before it is shed. @default 5000 */
  maxQueueWaitMs?: number;
  /** Time source (queue waits, hash durations). @default systemClock */
  clock?: Clock;
}

/** Which lane a hash waits in: `known` (an address the user logged in from) is served first. */
export type HashPriority = 'known' | 'normal';

interface Waiter {
  start: () => void;
  shed: (err: OverloadedError) => void;
  timer: TimerHandle;
}

/** A concurrency limit with a bounded newest-first queue. */
export class HashLimiter {
  readonly concurrency: number;
  readonly queueSize: number;
  private readonly maxWaitMs: number;
  private readonly clock: Clock;
  private running = 0;
  private readonly lanes: Record<HashPriority, Waiter[]> = { known: [], normal: [] };
  /** Moving average of a hash's duration, for Retry-After. */
  private averageMs = 1000;

  constructor(options: HashLimiterOptions = {}) {
    this.concurrency = options.concurrency ?? Math.max(1, availableParallelism() - 1);
    this.queueSize = options.queueSize ?? this.concurrency * 2;
    this.maxWaitMs = options.maxQueueWaitMs ?? 5000;
    this.clock = options.clock ?? systemClock;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new ConfigInvalidError('hash concurrency must be a positive integer', { field: 'concurrency' });
    if (!Number.isInteger(this.queueSize) || this.queueSize < 0) throw new ConfigInvalidError('hash queue size must be a non-negative integer', { field: 'queueSize' });
    if (!Number.isFinite(this.maxWaitMs) || this.maxWaitMs < 0) throw new ConfigInvalidError('hash queue wait must be a non-negative number', { field: 'maxQueueWaitMs' });
  }

  /** Hashes running now. */
  get active(): number {
    return this.running;
  }

  /** Hashes waiting now. */
  get waiting(): number {
    return this.lanes.known.length + this.lanes.normal.length;
  }

  /** True when a hash of this priority would run or wait now (false: it would be shed). */
  hasRoom(priority: HashPriority = 'normal'): boolean {
    return this.running < this.concurrency || this.lanes[priority].length < this.queueSize;
  }

  /** Throws the OverloadedError a hash of this priority would be shed with now, if any. */
  assertRoom(priority: HashPriority = 'normal'): void {
    if (!this.hasRoom(priority)) throw this.overloaded();
  }

  /** Runs `task` when a slot is free; rejects with OverloadedError when shed. */
  async run<T>(task: () => Promise<T>, priority: HashPriority = 'normal'): Promise<T> {
    if (this.running >= this.concurrency) await this.wait(this.lanes[priority]);
    else this.running++;
    const started = this.clock.monotonic();
    try {
      return await task();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (this.clock.monotonic() - started);
      this.release();
    }
  }

  private wait(lane: Waiter[]): Promise<void> {
    if (lane.length >= this.queueSize) return Promise.reject(this.overloaded()); // beyond the queue: at once
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        shed: reject,
        timer: this.clock.setTimeout(() => {
          const i = lane.indexOf(waiter);
          if (i >= 0) this.shed(lane.splice(i, 1)[0]!);
        }, this.maxWaitMs),
      };
      lane.push(waiter);
    });
  }

  private release(): void {
    const next = this.lanes.known.shift() ?? this.lanes.normal.shift(); // known lane first, each in arrival order
    if (next === undefined) {
      this.running--;
      return;
    }
    this.clock.clearTimeout(next.timer);
    next.start(); // the slot passes on
  }

  private shed(waiter: Waiter): void {
    this.clock.clearTimeout(waiter.timer);
    waiter.shed(this.overloaded());
  }

  private overloaded(): OverloadedError {
    const backlog = this.running + this.waiting;
    return new OverloadedError(Math.max(1, Math.ceil((backlog * this.averageMs) / this.concurrency / 1000)));
  }
}
