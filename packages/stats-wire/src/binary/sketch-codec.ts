import type { SketchParts } from '../latency-sketch';
import { MalformedReportError } from '../errors';
import { ByteReader } from './byte-reader';
import type { ByteWriter } from './byte-writer';

/** Bounds a decoder enforces per sketch, so one hostile value cannot make a reader allocate without limit. */
export const SKETCH_LIMITS = {
  /** Non-empty bins of one sketch (a latency sketch at 1 % spans ~1,400 keys from 1 ns to 1,000 s). */
  bins: 4096,
  /** |bin key|: key 1,400 is ~1,000 s, key 4,096 is beyond any latency (e^82 ns). */
  keyAbs: 4096,
} as const;

/** Past eight 7-bit groups a varint is beyond 2^53: the fold's inline varint reads stop there (the bins' final check then refuses the sketch). */
const VARINT_SCALE_LIMIT = 2 ** 56;

/** A bin entry's gap or count at or above this is followed by a varint holding the rest. */
const NIBBLE_ESCAPE = 15;

/** Bytes of a varint of `n`. */
function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len++;
  }
  return len;
}

/**
 * Writes one sketch: `count zero` (varints), `sum` (float64), then — unless it holds a single
 * sample, which is its own min and max — `m2` (float64) `min max`, then its bins: their number and, when there are some, the first
 * key, the last key's distance from it and the length in bytes of the entries that follow (so a
 * reader can pass over them, or size a window for them, without reading them), then per bin one
 * byte: the gap from the previous key (1 + high nibble) and the count (1 + low nibble); a nibble
 * of 15 means a varint with the rest follows. Latencies fill neighbouring bins with a few samples
 * each, so a bin costs one byte.
 */
export function writeSketch(w: ByteWriter, s: SketchParts): void {
  w.uint(s.count);
  w.uint(s.zeroCount);
  // A float: 2^53 ns is only 104 days of summed latency — an hour of a cluster's route at
  // 100,000 requests/s and 30 ms passes it.
  w.float64(s.sum);
  if (s.count > 1) {
    w.float64(s.m2);
    w.uint(Math.round(s.min));
    w.uint(Math.round(s.max));
  }
  // Two passes over the bins, no copies: their number, range and length come first.
  let nBins = 0;
  let first = 0;
  let last = 0;
  let length = 0;
  s.forEachKey((key, c) => {
    const gap = nBins++ === 0 ? 0 : key - last - 1;
    if (nBins === 1) first = key;
    length += 1 + (gap >= NIBBLE_ESCAPE ? varintLength(gap - NIBBLE_ESCAPE) : 0) + (c - 1 >= NIBBLE_ESCAPE ? varintLength(c - 1 - NIBBLE_ESCAPE) : 0);
    last = key;
  });
  w.uint(nBins);
  if (nBins === 0) return;
  w.int(first);
  w.uint(last - first);
  w.uint(length);
  let prev = first - 1;
  s.forEachKey((key, c) => {
    const gap = key - prev - 1;
    const more = c - 1;
    w.byte((Math.min(gap, NIBBLE_ESCAPE) << 4) | Math.min(more, NIBBLE_ESCAPE));
    if (gap >= NIBBLE_ESCAPE) w.uint(gap - NIBBLE_ESCAPE);
    if (more >= NIBBLE_ESCAPE) w.uint(more - NIBBLE_ESCAPE);
    prev = key;
  });
}

/** When a reader checks a sketch's bins: as it reads the sketch, or as they are used. */
export type BinCheck = 'now' | 'on-use';

/**
 * Reads one sketch at the reader's position and checks its header (count ≥ 1, min ≤ max, m2 ≥ 0,
 * bin count, key range and length within bounds). Its bins are not copied: the result reads them
 * from `bytes` when asked, so a report's thousands of bins cost no allocation. With
 * `bins: 'now'` they are checked here too (every key inside the range, the last one at its end,
 * the counts adding up to `count − zero`); with `'on-use'` only when they are read, which throws
 * then — for a reader that reads every bin once anyway and can undo what a bad one did. `into`:
 * a sketch an earlier call returned, to read into instead of a new one (a walk over a report that
 * merges each sketch before reading the next allocates nothing per sketch).
 */
export function readSketch(r: ByteReader, bytes: Uint8Array, bins: BinCheck = 'now', into?: EncodedSketch): EncodedSketch {
  const count = r.uint();
  const zero = r.uint();
  const sum = r.float64();
  if (!(sum >= 0) || !Number.isFinite(sum)) throw r.fail('a sketch must have a finite sum ≥ 0');
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
  const nBins = r.uint();
  if (nBins > SKETCH_LIMITS.bins) throw r.fail(`a sketch has ${nBins} bins (at most ${SKETCH_LIMITS.bins})`);
  if (nBins === 0) {
    if (zero !== count) throw r.fail(`the bins hold ${zero} samples, count says ${count}`);
    return (into ?? new EncodedSketch()).set(count, zero, sum, m2, min, max, bytes, 0, 0, 0, 0, 0);
  }
  const first = r.int();
  const last = first + r.uint();
  const length = r.uint();
  const at = r.offset;
  if (first < -SKETCH_LIMITS.keyAbs || last > SKETCH_LIMITS.keyAbs) throw r.fail(`a bin key is beyond ±${SKETCH_LIMITS.keyAbs}`);
  if (nBins > last - first + 1 || length < nBins || at + length > bytes.length) throw r.fail('the bins do not fit their count, range or length');
  r.seek(at + length);
  const sketch = (into ?? new EncodedSketch()).set(count, zero, sum, m2, min, max, bytes, nBins, first, last, at, at + length);
  if (bins === 'now') sketch.forEachKey(() => undefined);
  return sketch;
}

const NO_BYTES = new Uint8Array(0);

/**
 * A sketch whose header was checked and whose bins stay in the bytes they were read from. Only
 * readSketch sets it (again, when it is handed back as `into`); to everyone else it is read-only
 * SketchParts.
 */
export class EncodedSketch implements SketchParts {
  count = 0;
  zeroCount = 0;
  sum = 0;
  m2 = 0;
  min = 0;
  max = 0;
  private bytes: Uint8Array = NO_BYTES;
  private nBins = 0;
  private first = 0;
  private last = 0;
  private start = 0;
  private end = 0;

  /** @internal readSketch's: the fields of a header it checked. */
  set(count: number, zeroCount: number, sum: number, m2: number, min: number, max: number, bytes: Uint8Array, nBins: number, first: number, last: number, start: number, end: number): this {
    this.count = count;
    this.zeroCount = zeroCount;
    this.sum = sum;
    this.m2 = m2;
    this.min = min;
    this.max = max;
    this.bytes = bytes;
    this.nBins = nBins;
    this.first = first;
    this.last = last;
    this.start = start;
    this.end = end;
    return this;
  }

  keyRange(): readonly [number, number] | undefined {
    return this.nBins === 0 ? undefined : [this.first, this.last];
  }

  forEachKey(fn: (key: number, count: number) => void): void {
    if (this.nBins === 0) return;
    const bytes = this.bytes;
    const last = this.last;
    const end = this.end;
    let pos = this.start;
    let key = this.first - 1;
    let total = this.zeroCount;
    let escapes: ByteReader | undefined;
    for (let i = 0; i < this.nBins; i++) {
      if (pos >= end) throw fault(pos, 'the bins run past their length');
      const b = bytes[pos++]!;
      let gap = b >> 4;
      let more = b & 0x0f;
      if (gap === NIBBLE_ESCAPE || more === NIBBLE_ESCAPE) {
        // One reader per walk, not per escaped bin: a folded hour's bins nearly all escape.
        escapes ??= new ByteReader(bytes);
        escapes.seek(pos);
        if (gap === NIBBLE_ESCAPE) gap += escapes.uint();
        if (more === NIBBLE_ESCAPE) more += escapes.uint();
        pos = escapes.offset;
      }
      key += gap + 1;
      if (key > last) throw fault(pos, 'a bin key is past the last key');
      total += more + 1;
      fn(key, more + 1);
    }
    this.checkEnd(key, pos, total);
  }

  // The same walk as forEachKey, adding into the window instead of calling back: the fold's hot
  // loop (a call per bin costs more than the bin). It checks the bins once, at the end, not per
  // bin (≈ 30 % of the loop): a malformed run can only add into `target` at keys from the first
  // key up — never outside a typed array, which ignores writes past its ends — and then throws,
  // as the contract asks ("what was handed out before is the caller's to undo"). Reads past the
  // bytes give undefined, which the arithmetic turns into 0 and the final check refuses.
  addCountsTo(target: Float64Array, offset: number): void {
    if (this.nBins === 0) return;
    const bytes = this.bytes;
    let pos = this.start;
    let key = this.first - 1;
    let total = this.zeroCount;
    for (let i = 0; i < this.nBins; i++) {
      const b = bytes[pos++]!;
      let gap = b >> 4;
      let more = b & 0x0f;
      // A folded hour's bins nearly all escape: their varints are read with no reader object.
      if (gap === NIBBLE_ESCAPE) {
        gap += uncheckedVarint(bytes, pos);
        pos = varintEnd;
      }
      if (more === NIBBLE_ESCAPE) {
        more += uncheckedVarint(bytes, pos);
        pos = varintEnd;
      }
      key += gap + 1;
      total += more + 1;
      target[key - offset]! += more + 1;
    }
    if (!Number.isSafeInteger(total)) throw fault(pos, 'a bin count is larger than 2^53');
    this.checkEnd(key, pos, total);
  }

  /** The bins read must end at the last key and length and add up to the count; else what was handed out before is the caller's to undo. */
  private checkEnd(key: number, pos: number, total: number): void {
    if (key !== this.last || pos !== this.end) throw fault(pos, 'the bins do not end at their last key and length');
    if (total !== this.count) throw fault(pos, `the bins hold ${total} samples, count says ${this.count}`);
  }
}

/** Where the last uncheckedVarint ended: a module variable, so the fold's bin loop allocates nothing. */
let varintEnd = 0;

/**
 * The varint at `pos`, for the bin loop that checks its result at the end: past the bytes it
 * reads 0s and stops; past eight groups (beyond 2^53) it stops too, and the bins then fail
 * that final check.
 */
function uncheckedVarint(bytes: Uint8Array, pos: number): number {
  let value = 0;
  let scale = 1;
  let c: number;
  do {
    c = bytes[pos++]!;
    value += (c & 0x7f) * scale;
    scale *= 0x80;
  } while (c >= 0x80 && scale < VARINT_SCALE_LIMIT);
  varintEnd = pos;
  return value;
}

function fault(pos: number, what: string): MalformedReportError {
  return new MalformedReportError(`byte ${pos}: ${what}`);
}
