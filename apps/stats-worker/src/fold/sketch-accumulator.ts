import { LatencySketch, type SketchParts } from '@gatehouse/stats-wire';
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
    // The first sketch's bins lie between the keys of its min and max (±1 for rounding): room for
    // them at once. Later ones mostly fall inside; a bin outside grows the window itself.
    if (this.bins.length === 0 && p.max > 0) {
      const low = LatencySketch.keyOf(Math.max(p.min, 1)) - 1;
      const high = LatencySketch.keyOf(p.max) + 1;
      if (low < this.offset || high >= this.offset + this.bins.length) this.cover(low, high);
    }
    p.forEachKey((key, c) => {
      if (key < this.offset || key >= this.offset + this.bins.length) this.grow(key);
      this.bins[key - this.offset]! += c;
      if (this.highKey < this.lowKey) this.lowKey = this.highKey = key;
      else if (key < this.lowKey) this.lowKey = key;
      else if (key > this.highKey) this.highKey = key;
    });
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

  /** Makes room for `key`, doubling the window on that side so growth costs O(log span) copies. */
  private grow(key: number): void {
    const empty = this.highKey < this.lowKey;
    const margin = Math.max(SLACK, this.bins.length);
    const low = key < this.offset || empty ? key - margin : this.offset;
    const high = key >= this.offset + this.bins.length || empty ? key + margin : this.offset + this.bins.length - 1;
    const next = this.arena.alloc(high - low + 1);
    if (!empty) next.set(this.bins.subarray(this.lowKey - this.offset, this.highKey - this.offset + 1), this.lowKey - low);
    this.bins = next;
    this.offset = low;
  }
}
