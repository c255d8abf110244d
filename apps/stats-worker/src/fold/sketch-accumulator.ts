import type { SketchParts } from '@gatehouse/stats-wire';
import { BinArena } from './bin-arena';

/** The arena of the process's accumulators: a chunk is freed once no window of it is left. */
const SHARED_ARENA = new BinArena();

/** Bins the dense window keeps beyond what it must hold, so a drifting series rarely reallocates. */
const SLACK = 16;

/**
 * Sums sketches: counts add, min and max keep the extremes, M2 merges by Chan's formula, and the
 * bins add into a dense window of counts indexed by key (a latency sketch's bins are neighbours, so
 * a window of a few hundred slots holds them; keys are bounded by the decoder). It is a
 * SketchParts itself, so it encodes and merges like one.
 */
export class SketchAccumulator implements SketchParts {
  count = 0;
  sum = 0;
  m2 = 0;
  min = 0;
  max = 0;
  zeroCount = 0;
  private bins: Float64Array = new Float64Array(0);
  /** Key of bins[0]. */
  private offset = 0;
  private lowKey = 0;
  private highKey = -1;

  /** `arena`: where the window's memory comes from (accumulators live for one fold: they share one). */
  constructor(private readonly arena: BinArena = SHARED_ARENA) {}

  add(p: SketchParts): void {
    if (p.count === 0) return;
    if (this.count === 0) {
      this.min = p.min;
      this.max = p.max;
      this.m2 = p.m2;
    } else {
      const n = this.count + p.count;
      const delta = p.sum / p.count - this.sum / this.count;
      this.m2 += p.m2 + (delta * delta * this.count * p.count) / n;
      if (p.min < this.min) this.min = p.min;
      if (p.max > this.max) this.max = p.max;
    }
    this.count += p.count;
    this.sum += p.sum;
    this.zeroCount += p.zeroCount;
    const range = p.keyRange();
    if (range === undefined) return;
    const [low, high] = range;
    if (low < this.offset || high >= this.offset + this.bins.length) this.cover(low, high);
    p.addCountsTo(this.bins, this.offset);
    if (this.highKey < this.lowKey) {
      this.lowKey = low;
      this.highKey = high;
    } else {
      if (low < this.lowKey) this.lowKey = low;
      if (high > this.highKey) this.highKey = high;
    }
  }

  keyRange(): readonly [number, number] | undefined {
    return this.highKey < this.lowKey ? undefined : [this.lowKey, this.highKey];
  }

  addCountsTo(target: Float64Array, offset: number): void {
    for (let key = this.lowKey; key <= this.highKey; key++) target[key - offset]! += this.bins[key - this.offset]!;
  }

  forEachKey(fn: (key: number, count: number) => void): void {
    for (let key = this.lowKey; key <= this.highKey; key++) {
      const c = this.bins[key - this.offset]!;
      if (c > 0) fn(key, c);
    }
  }

  /** Makes room for keys `low`..`high` (with the slack), keeping what the window holds. */
  private cover(low: number, high: number): void {
    if (this.highKey >= this.lowKey) {
      low = Math.min(low, this.lowKey);
      high = Math.max(high, this.highKey);
    }
    low -= SLACK;
    high += SLACK;
    const next = this.arena.alloc(high - low + 1);
    if (this.highKey >= this.lowKey) next.set(this.bins.subarray(this.lowKey - this.offset, this.highKey - this.offset + 1), this.lowKey - low);
    this.bins = next;
    this.offset = low;
  }
}
