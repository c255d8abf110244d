import { decodeReport, encodeSketch, LatencySketch, MalformedReportError, type EncodedReportV1 } from '../src';

function sketchOf(values: number[]): LatencySketch {
  const s = new LatencySketch();
  for (const v of values) s.record(v);
  return s;
}

describe('a version-1 (JSON) tick report, still read from nodes not yet upgraded', () => {
  const ok = sketchOf([0, 1e6, 2e6, 2.01e6, 5e7]);
  const failed = sketchOf([3e9]);
  const report: EncodedReportV1 = { v: 1, g: 'default', n: 'gw-1', t: 123, p: [['api', [encodeSketch(ok), encodeSketch(failed)], [['limiter', [encodeSketch(ok), 0]]]]] };

  it('decodes to sketches equal to the ones encoded (bins, count, sum, min, max, variance)', () => {
    const back = decodeReport(JSON.parse(JSON.stringify(report)));
    expect(back).toMatchObject({ group: 'default', node: 'gw-1', tick: 123 });
    const s = LatencySketch.fromParts(back.pipelines[0]!.tasks.success!);
    expect([s.count, s.sum, s.min, s.max, s.zeroCount]).toEqual([ok.count, ok.sum, ok.min, ok.max, 1]);
    expect(s.variance).toBeCloseTo(ok.variance, -6);
    for (const q of [0.25, 0.5, 0.99]) expect(s.quantile(q)).toBe(ok.quantile(q));
    expect(back.pipelines[0]!.plugins[0]!.runs.failure).toBeUndefined();
    expect(back.pipelines[0]!.tasks.failure!.count).toBe(1);
  });

  it('is refused with a reason when malformed', () => {
    const bad: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...report, v: 4 }, /unknown report version 4/],
      [{ ...report, g: '../x' }, /^g must be a name/],
      [{ ...report, t: -1 }, /tick/],
      [{ ...report, p: [['api', [[2, 1, 0, 1, 1, 0, 5, 1], 0], []]] }, /bins hold 1 samples, count says 2/],
      [{ ...report, p: [['api', [[1, 1, 0, 1, 1, 0, 5, 1, 0, 1], 0], []]] }, /bad key gap/],
      [{ ...report, p: [['api', [0, 0], []], ['api', [0, 0], []]] }, /listed twice/],
      [{ ...report, p: [['api', [[1, 1, 0, 1, 1, 0, 5, Number.NaN], 0], []]] }, /finite/],
    ];
    for (const [data, reason] of bad) {
      expect(() => decodeReport(data)).toThrow(MalformedReportError);
      expect(() => decodeReport(data)).toThrow(reason);
    }
  });
});
