import { countOfField, decodeBucketSketch, encodeBucketSketch, LatencySketch, MalformedBucketError, partsFromHash, type SketchParts } from '../src';

/** An hour of a cluster's busy, slow route: 100,000 requests/s of about 30 ms — a sum past 2^53 ns. */
function busyHour(): SketchParts {
  const bins: [number, number][] = [
    [860, 100_000_000],
    [861, 200_000_000],
    [862, 60_000_000],
  ];
  return {
    count: 360_000_000,
    sum: 360_000_000 * 3e7,
    m2: 360_000_000 * 1e12,
    min: 2.9e7,
    max: 3.1e7,
    zeroCount: 0,
    forEachKey: (fn) => bins.forEach(([k, c]) => fn(k, c)),
    keyRange: () => [860, 858],
    addCountsTo: (target, offset) => bins.forEach(([k, c]) => (target[k - offset]! += c)),
  };
}

describe('a folded bucket field', () => {
  it('holds a whole sketch, sums past 2^53 included, and gives its count without reading its bins', () => {
    const hour = busyHour();
    expect(hour.sum).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    const stored = encodeBucketSketch(hour);
    const back = decodeBucketSketch(stored);
    expect([back.count, back.sum, back.m2, back.min, back.max]).toEqual([hour.count, hour.sum, hour.m2, hour.min, hour.max]);
    const bins: [number, number][] = [];
    back.forEachKey((k, c) => bins.push([k, c]));
    expect(bins).toEqual([
      [860, 100_000_000],
      [861, 200_000_000],
      [862, 60_000_000],
    ]);
    expect(countOfField(stored)).toBe(360_000_000);
    expect(countOfField(null)).toBe(0);
    expect(partsFromHash({ s: stored }, 's')!.count).toBe(360_000_000);
    expect(partsFromHash({ s: stored }, 'f')).toBeUndefined();
    expect(LatencySketch.fromParts(back).quantile(0.5)).toBeCloseTo(LatencySketch.binValue(861), 0);
  });

  it('is refused as SW_MALFORMED_BUCKET when it is not what the fold writes', () => {
    const stored = encodeBucketSketch(busyHour());
    for (const bad of [Buffer.from('not a sketch'), stored.subarray(0, stored.length - 1), Buffer.concat([stored, Buffer.from([0])])]) {
      expect(() => decodeBucketSketch(bad)).toThrow(MalformedBucketError);
    }
    expect(() => countOfField(Buffer.from([2, 1]))).toThrow(MalformedBucketError);
  });
});
