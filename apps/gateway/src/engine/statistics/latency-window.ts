import { LatencySketch } from './latency-sketch';

/** Length of the latency window, in ticks of 5 s: 30 s (reference §2.8, slide 17). */
export const WINDOW_TICKS = 6;

/**
 * Latency over staggered windows (slide 17): 30 s in 5-s slots. A sample is recorded once, into
 * the current slot; each tick seals that slot and starts a new one, forgetting the slot that left
 * the window. A read covers the six sealed slots — the 30 s that ended at the last tick, the
 * "nearly full window" Ease Gateway read — merged on the first read after a tick and cached until
 * the next, so neither the hot path nor repeated reads pay for the staggering. Slots are built on
 * their first sample and dropped once the window has been empty for a whole length.
 */
export class LatencyWindow {
  /** Ring of sealed slots; `head` is the oldest. Undefined slots saw no sample. */
  private sealed: (LatencySketch | undefined)[] = [];
  private head = 0;
  private current: LatencySketch | undefined;
  private merged: LatencySketch | undefined;
  /** The slot sealed by the last tick (the tick's delta, for stats shipping). */
  lastSealed: LatencySketch | undefined;

  /** Adds one duration, in ns. */
  record(ns: number): void {
    (this.current ??= new LatencySketch()).record(ns);
  }

  /**
   * Adds every sample of `delta` — another process's sealed slot — to the current slot, as if
   * they had been recorded here. Takes ownership of `delta` (it may become the slot itself).
   */
  absorb(delta: LatencySketch): void {
    if (delta.count === 0) return;
    if (this.current === undefined) this.current = delta;
    else this.current.merge(delta);
  }

  /** Seals the current slot; the oldest one leaves the window. */
  tick(): void {
    const done = this.current !== undefined && this.current.count > 0 ? this.current : undefined;
    this.current = undefined;
    this.lastSealed = done;
    if (this.sealed.length < WINDOW_TICKS) {
      if (done !== undefined || this.sealed.length > 0) this.sealed.push(done);
    } else {
      this.sealed[this.head] = done;
      this.head = (this.head + 1) % WINDOW_TICKS;
      if (done === undefined && this.sealed.every((s) => s === undefined)) {
        this.sealed = [];
        this.head = 0;
      }
    }
    this.merged = undefined;
  }

  /** The samples of the 30 s that ended at the last tick. Do not modify the result. */
  read(): LatencySketch {
    if (this.merged !== undefined) return this.merged;
    const out = new LatencySketch();
    for (const s of this.sealed) if (s !== undefined) out.merge(s);
    return (this.merged = out);
  }

  /** True when no sample is held: the window can be dropped without losing anything. */
  get idle(): boolean {
    return this.current === undefined && this.sealed.length === 0;
  }
}
