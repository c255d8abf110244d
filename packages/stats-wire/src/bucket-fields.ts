import { ByteReader } from './binary/byte-reader';
import { ByteWriter } from './binary/byte-writer';
import { readSketch, writeSketch } from './binary/sketch-codec';
import { MalformedBucketError, MalformedReportError } from './errors';
import type { SketchParts } from './latency-sketch';

/** A result's field in a bucket hash: `s` for successes, `f` for failures. */
export type ResultTag = 's' | 'f';

/** The bucket hash field counting the folds applied to it: the fold's optimistic check. */
export const BUCKET_VERSION_FIELD = 'v';

/** First byte of a stored sketch: its format, so a later layout can tell old values from new. */
const SKETCH_FORMAT = 1;

/**
 * A sketch as a bucket hash stores it: a format byte, then `writeSketch`'s bytes. Written at the
 * end of `w` when given (many values, one buffer), and returned as a view of those bytes.
 */
export function encodeBucketSketch(s: SketchParts, w: ByteWriter = new ByteWriter(256)): Buffer {
  const start = w.length;
  w.byte(SKETCH_FORMAT);
  writeSketch(w, s);
  return w.since(start);
}

/** The sketch a stored field holds; MalformedBucketError when it is not one. */
export function decodeBucketSketch(value: Uint8Array): SketchParts {
  const r = new ByteReader(value);
  try {
    if (r.byte() !== SKETCH_FORMAT) throw r.fail('unknown sketch format');
    const s = readSketch(r, value);
    if (!r.done) throw r.fail('bytes follow the sketch');
    return s;
  } catch (err) {
    if (err instanceof MalformedReportError) throw new MalformedBucketError(err.message);
    throw err;
  }
}

/**
 * The sketch a folded bucket hash holds for one result (`HGETALL` of a bucket key, read as
 * Buffers), or undefined when the bucket saw none.
 */
export function partsFromHash(hash: Record<string, Buffer>, r: ResultTag): SketchParts | undefined {
  const value = hash[r];
  return value === undefined || value.length === 0 ? undefined : decodeBucketSketch(value);
}

/** The sample count of a stored sketch (its first number) without reading its bins; 0 for none. */
export function countOfField(value: Uint8Array | null | undefined): number {
  if (value === null || value === undefined || value.length === 0) return 0;
  const r = new ByteReader(value);
  try {
    if (r.byte() !== SKETCH_FORMAT) throw r.fail('unknown sketch format');
    return r.uint();
  } catch (err) {
    if (err instanceof MalformedReportError) throw new MalformedBucketError(err.message);
    throw err;
  }
}
