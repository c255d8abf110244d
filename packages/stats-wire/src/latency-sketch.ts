import { DDSketch } from '@datadog/sketches-js';

/** Relative error bound of every percentile the gateway reports. */
export const RELATIVE_ACCURACY = 0.01;

/**
 * Bins a store grows by. DDSketch's default (128) costs 1 KiB per sketch before the first
 * sample lands; a route's latencies usually span 100–300 bins at 1 % accuracy, so growing by 16
 * keeps thousands of pipelines within the memory budget.
 */
const CHUNK_BINS = 16;

/**
 * A mergeable latency distribution in nanoseconds: a DDSketch (percentiles within 1 % relative
 * error, exact merges — cluster percentiles come from merged sketches, never from a max of
 * per-node percentiles) plus Welford's running mean and squared deviations, merged with Chan's
 * formula, for the variance.
 */
export class LatencySketch implements SketchParts {
  private sketch = newSketch();
  private mean = 0;
  private m2Value = 0;

  /** Adds one duration, in ns. */
  record(ns: number): void {
    this.sketch.accept(ns);
    const n = this.sketch.count;
    const delta = ns - this.mean;
    this.mean += delta / n;
    this.m2Value += delta * (ns - this.mean);
  }

  /** Adds every sample of `other` to this sketch; the result equals a sketch of the union. */
  merge(other: LatencySketch): void {
    const nb = other.sketch.count;
    if (nb === 0) return;
    const na = this.sketch.count;
    const n = na + nb;
    const delta = other.mean - this.mean;
    this.m2Value += other.m2Value + (delta * delta * na * nb) / n;
    this.mean += (delta * nb) / n;
    this.sketch.merge(other.sketch);
  }

  /** Forgets every sample. */
  clear(): void {
    if (this.sketch.count === 0) return;
    this.sketch = newSketch();
    this.mean = 0;
    this.m2Value = 0;
  }

  get count(): number {
    return this.sketch.count;
  }

  get sum(): number {
    return this.sketch.sum;
  }

  get min(): number {
    return this.sketch.count === 0 ? 0 : this.sketch.min;
  }

  get max(): number {
    return this.sketch.count === 0 ? 0 : this.sketch.max;
  }

  get average(): number {
    return this.sketch.count === 0 ? 0 : this.mean;
  }

  /** Population variance, ns². */
  get variance(): number {
    const n = this.sketch.count;
    return n === 0 ? 0 : this.m2Value / n;
  }

  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /**
   * The value at quantile `q` (0..1): within 1 % of the sorted samples' element at index
   * ⌊q·(n−1)⌋, and clamped to the exact min and max. 0 when empty.
   */
  quantile(q: number): number {
    const s = this.sketch;
    if (s.count === 0) return 0;
    const v = s.getValueAtQuantile(q);
    return v < s.min ? s.min : v > s.max ? s.max : v;
  }

  /** Calls `fn(key, count)` for every non-empty bin of positive values, in ascending key order. */
  forEachKey(fn: (key: number, count: number) => void): void {
    const store = this.sketch.store;
    if (store.count === 0) return;
    for (let key = store.minKey; key <= store.maxKey; key++) {
      const c = store.bins[key - store.offset] ?? 0;
      if (c > 0) fn(key, c);
    }
  }

  keyRange(): readonly [number, number] | undefined {
    const store = this.sketch.store;
    return store.count === 0 ? undefined : [store.minKey, store.maxKey];
  }

  addCountsTo(target: Float64Array, offset: number): void {
    const store = this.sketch.store;
    if (store.count === 0) return;
    for (let key = store.minKey; key <= store.maxKey; key++) target[key - offset]! += store.bins[key - store.offset] ?? 0;
  }

  /** Samples of length 0 (they have no bin). */
  get zeroCount(): number {
    return this.sketch.zeroCount;
  }

  /** Sum of squared deviations from the mean (Welford's M2), ns². */
  get m2(): number {
    return this.m2Value;
  }

  /** The representative value (ns) of bin `key`, within 1 % of every sample in it. */
  static binValue(key: number): number {
    return MAPPING.value(key);
  }

  /** The bin key a positive value (ns) falls in. */
  static keyOf(valueNs: number): number {
    return MAPPING.key(valueNs);
  }

  /**
   * A sketch rebuilt from its parts — what a shipped report or a folded bucket holds — equal to
   * the sketch the parts were taken from: same bins, count, sum, min, max and variance.
   */
  static fromParts(parts: SketchParts): LatencySketch {
    const out = new LatencySketch();
    const s = out.sketch;
    // Widen the store to the range of min and max first: added in ascending order, each key past
    // the end would otherwise grow it again (a reallocation every chunk of bins).
    if (parts.max > 0) {
      s.store.add(MAPPING.key(Math.max(parts.min, 1)), 0);
      s.store.add(MAPPING.key(parts.max), 0);
    }
    parts.forEachKey((key, c) => s.store.add(key, c));
    s.zeroCount = parts.zeroCount;
    s.count = parts.count;
    s.sum = parts.sum;
    if (parts.count > 0) {
      s.min = parts.min;
      s.max = parts.max;
      out.mean = parts.sum / parts.count;
      out.m2Value = parts.m2;
    }
    return out;
  }

  /**
   * Calls `fn(valueNs, count)` for every non-empty bin in ascending order, the value being the
   * bin's representative (within 1 % of every sample in it). Zero-length samples come first.
   */
  forEachBin(fn: (valueNs: number, count: number) => void): void {
    const s = this.sketch;
    if (s.zeroCount > 0) fn(0, s.zeroCount);
    const store = s.store;
    if (store.count === 0) return;
    for (let key = store.minKey; key <= store.maxKey; key++) {
      const c = store.bins[key - store.offset] ?? 0;
      if (c > 0) fn(s.mapping.value(key), c);
    }
  }
}

/**
 * What a sketch is made of, as reports and folded buckets carry it (a LatencySketch is one too):
 * its figures, and its bins read one by one.
 */
export interface SketchParts {
  readonly count: number;
  /** Sum of the samples, ns. */
  readonly sum: number;
  /** Sum of squared deviations from the mean, ns² (for the variance). */
  readonly m2: number;
  readonly min: number;
  readonly max: number;
  /** Samples of length 0 (they have no bin). */
  readonly zeroCount: number;
  /** Calls `fn(key, count)` for every non-empty bin, in ascending key order. */
  forEachKey(fn: (key: number, count: number) => void): void;
  /** The first and last keys of the bins; undefined when there are none. */
  keyRange(): readonly [number, number] | undefined;
  /**
   * Adds every bin's count into `target[key − offset]`: a dense window the caller sized to cover
   * `keyRange()` (the fast way to merge many sketches: no call per bin).
   */
  addCountsTo(target: Float64Array, offset: number): void;
}

const MAPPING = newSketch().mapping;

function newSketch(): DDSketch {
  const s = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
  s.store.chunkSize = CHUNK_BINS;
  return s;
}
