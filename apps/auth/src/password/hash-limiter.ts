// Bounds the scrypt work: at most `concurrency` hashes run at once (about the core count; each
// holds 128 MiB and a libuv thread), at most `queueSize` wait, and the queue serves the newest
// first and drops the oldest when full ("adaptive LIFO", Fail at Scale, ACM Queue 2015): under
// overload the oldest waiters are the ones whose clients are most likely gone, and a login that
// arrives now is answered in about one hash time instead of after the whole backlog. A waiter
// that was dropped, or waited `maxQueueWaitMs`, gets 503 AUTH_OVERLOADED with Retry-After.
// Logins from an address the user logged in from before (the throttle's known pairs) wait in a
// lane of their own that is served first and never shed for the others: a flood from new
// addresses cannot push the owner's usual login out.
// Before, 160 attempts from 40 addresses within the throttle limits queued on libuv's pool with
// a 41 s median, and a real login 0.5 s later took 79 s.
import { availableParallelism } from 'node:os';
import { systemClock, type Clock, type TimerHandle } from '@gatehouse/foundation';
import { ConfigInvalidError, OverloadedError } from '../errors';

/** Options of {@link HashLimiter}. */
export interface HashLimiterOptions {
  /** Hashes running at once. @default os.availableParallelism() */
  concurrency?: number;
  /** Hashes waiting at most, per lane; beyond it the lane's oldest waiter is shed. @default 2 × concurrency */
  queueSize?: number;
  /** Longest a hash may wait for a slot before it is shed. @default 2000 */
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
    this.concurrency = options.concurrency ?? Math.max(1, availableParallelism());
    this.queueSize = options.queueSize ?? this.concurrency * 2;
    this.maxWaitMs = options.maxQueueWaitMs ?? 2000;
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
    if (this.queueSize === 0) return Promise.reject(this.overloaded());
    if (lane.length >= this.queueSize) this.shed(lane.shift()!); // the lane's oldest waiter goes
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
    const next = this.lanes.known.pop() ?? this.lanes.normal.pop(); // known lane first, newest first
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
