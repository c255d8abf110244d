// One long-poll loop over a Consul blocking endpoint. It keeps the X-Consul-Index between calls,
// resets it to 0 when Consul reports an index that went backwards or is not positive (a restored
// snapshot or a new leader with a fresh index: waiting on the old, higher index would hang until
// the wait time and miss changes), and backs off with jitter on errors so a fleet of agents does
// not hammer a recovering cluster.
import { EventEmitter } from 'node:events';
import { backoffDelay, type BackoffOptions } from '@gatehouse/foundation';
import type { Clock, TimerHandle } from '@gatehouse/foundation';
import type { Indexed } from './client';

/** Settings of a blocking loop. */
export interface BlockingLoopOptions<T> {
  clock: Clock;
  backoff: BackoffOptions;
  waitMs: number;
  /** Runs one query from `index` (0 = do not block). */
  fetch(index: number, cancel: EventEmitter): Promise<Indexed<T>>;
  /** Receives every successful answer. */
  onResult(body: T): void;
  /** Receives every failure, before the backoff delay. */
  onError(err: unknown, attempt: number): void;
}

/** Decides the index for the next query from the previous one and the one Consul returned. */
export function nextIndex(previous: number, returned: number): number {
  if (!(returned > 0)) return 0;
  if (returned < previous) return 0;
  return returned;
}

/** A running loop; `stop()` aborts the in-flight request and any pending backoff. */
export class BlockingLoop<T> {
  private index = 0;
  private attempt = 0;
  private stopped = false;
  private timer: TimerHandle | undefined;
  private cancel = new EventEmitter();
  private wake: (() => void) | undefined;

  constructor(private readonly opts: BlockingLoopOptions<T>) {}

  /** The index the next query will send. */
  get currentIndex(): number {
    return this.index;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.cancel.emit('cancel');
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const res = await this.opts.fetch(this.index, this.cancel);
        if (this.stopped) return;
        this.attempt = 0;
        this.index = nextIndex(this.index, res.index);
        this.opts.onResult(res.body);
      } catch (err) {
        if (this.stopped) return;
        this.opts.onError(err, this.attempt);
        const delay = backoffDelay(this.attempt++, this.opts.backoff);
        // After an error the cluster may have been replaced: start again from a non-blocking read.
        this.index = 0;
        this.cancel = new EventEmitter();
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = this.opts.clock.setTimeout(resolve, delay);
        });
        this.wake = undefined;
      }
    }
  }
}
