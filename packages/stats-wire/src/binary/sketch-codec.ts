import type { SketchParts } from '../latency-sketch';
import { ByteReader } from './byte-reader';
import type { ByteWriter } from './byte-writer';

/** Bounds a decoder enforces per sketch, so one hostile value cannot make a reader allocate without limit. */
export const SKETCH_LIMITS = {
  /** Non-empty bins of one sketch (a latency sketch at 1 % spans ~1,400 keys from 1 ns to 1,000 s). */
  bins: 4096,
  /** |bin key|: key 1,400 is ~1,000 s, key 4,096 is beyond any latency (e^82 ns). */
  keyAbs: 4096,
} as const;

/** A bin entry's gap or count at or above this is followed by a varint holding the rest. */
const NIBBLE_ESCAPE = 15;

/**
 * Writes one sketch: `count zero sum`, then — unless it holds a single sample, which is its own
 * min and max — `m2 min max`, then its bins: their number, the key before the first one, and per
 * bin one byte: the gap from the previous key (1 + high nibble) and the count (1 + low nibble);
 * a nibble of 15 means a varint with the rest follows. Latencies fill neighbouring bins with a
 * few samples each, so a bin costs one byte.
 */
export function writeSketch(w: ByteWriter, s: SketchParts): void {
  w.uint(s.count);
  w.uint(s.zeroCount);
  w.uint(Math.round(s.sum));
  if (s.count > 1) {
    w.float64(s.m2);
    w.uint(Math.round(s.min));
    w.uint(Math.round(s.max));
  }
  // Two passes over the bins, no copies: their number comes first.
  let nBins = 0;
  let first = 0;
  s.forEachKey((key) => {
    if (nBins++ === 0) first = key;
  });
  w.uint(nBins);
  if (nBins === 0) return;
  let prev = first - 1;
  w.int(prev);
  s.forEachKey((key, c) => {
    const gap = key - prev - 1;
    const more = c - 1;
    w.byte((Math.min(gap, NIBBLE_ESCAPE) << 4) | Math.min(more, NIBBLE_ESCAPE));
    if (gap >= NIBBLE_ESCAPE) w.uint(gap - NIBBLE_ESCAPE);
    if (more >= NIBBLE_ESCAPE) w.uint(more - NIBBLE_ESCAPE);
    prev = key;
  });
}

/**
 * Reads and validates one sketch at the reader's position: the header must be coherent (count ≥ 1,
 * min ≤ max, m2 ≥ 0) and the bins must add up to `count − zero`. The bins are not copied: the
 * result reads them from `bytes` when asked, so a report's thousands of bins cost no allocation.
 */
export function readSketch(r: ByteReader, bytes: Uint8Array): SketchParts {
  const count = r.uint();
  const zero = r.uint();
  const sum = r.uint();
  let m2 = 0;
  let min = sum;
  let max = sum;
  if (count > 1) {
    m2 = r.float64();
    min = r.uint();
    max = r.uint();
  }
  if (count === 0 || zero > count || max < min || !(m2 >= 0) || !Number.isFinite(m2)) {
    throw r.fail('a sketch must have count ≥ 1, zero ≤ count, min ≤ max and a finite m2 ≥ 0');
  }
  const binsAt = r.offset;
  const nBins = r.uint();
  if (nBins > SKETCH_LIMITS.bins) throw r.fail(`a sketch has ${nBins} bins (at most ${SKETCH_LIMITS.bins})`);
  let binTotal = zero;
  if (nBins > 0) {
    let key = r.int();
    // The bins are most of a report: read them in a local loop, leaving escapes to the reader.
    let pos = r.offset;
    const end = bytes.length;
    const keyAbs = SKETCH_LIMITS.keyAbs;
    for (let i = 0; i < nBins; i++) {
      if (pos >= end) {
        r.seek(pos);
        throw r.fail('the data ends inside the bins');
      }
      const b = bytes[pos++]!;
      let gap = b >> 4;
      let more = b & 0x0f;
      if (gap === NIBBLE_ESCAPE || more === NIBBLE_ESCAPE) {
        r.seek(pos);
        if (gap === NIBBLE_ESCAPE) gap += r.uint();
        if (more === NIBBLE_ESCAPE) more += r.uint();
        pos = r.offset;
      }
      key += gap + 1;
      if (key > keyAbs || key < -keyAbs) {
        r.seek(pos);
        throw r.fail(`a bin key is beyond ±${SKETCH_LIMITS.keyAbs}`);
      }
      binTotal += more + 1;
    }
    r.seek(pos);
  }
  if (binTotal !== count) throw r.fail(`the bins hold ${binTotal} samples, count says ${count}`);
  return new EncodedSketch(count, zero, sum, m2, min, max, bytes, binsAt);
}

/** A validated sketch whose bins stay in the bytes they were read from. */
class EncodedSketch implements SketchParts {
  constructor(
    readonly count: number,
    readonly zeroCount: number,
    readonly sum: number,
    readonly m2: number,
    readonly min: number,
    readonly max: number,
    private readonly bytes: Uint8Array,
    private readonly binsAt: number,
  ) {}

  forEachKey(fn: (key: number, count: number) => void): void {
    const bytes = this.bytes;
    const r = new ByteReader(bytes);
    r.seek(this.binsAt);
    const nBins = r.uint();
    if (nBins === 0) return;
    let key = r.int();
    let pos = r.offset;
    for (let i = 0; i < nBins; i++) {
      const b = bytes[pos++]!;
      let gap = b >> 4;
      let more = b & 0x0f;
      if (gap === NIBBLE_ESCAPE || more === NIBBLE_ESCAPE) {
        r.seek(pos);
        if (gap === NIBBLE_ESCAPE) gap += r.uint();
        if (more === NIBBLE_ESCAPE) more += r.uint();
        pos = r.offset;
      }
      key += gap + 1;
      fn(key, more + 1);
    }
  }
}
