import { ByteReader, ByteWriter, decodeReport, encodeReport, encodeSketch, LatencySketch, MalformedReportError, type EncodedReport, type ReportInput, type SketchParts } from '../src';

function sketchOf(values: number[]): LatencySketch {
  const s = new LatencySketch();
  for (const v of values) s.record(v);
  return s;
}

function binsOf(s: SketchParts): [number, number][] {
  const out: [number, number][] = [];
  s.forEachKey((k, c) => out.push([k, c]));
  return out;
}

/** Log-normal-ish latencies from a fixed sequence (no randomness needed for a round trip). */
function latencies(n: number, medianNs: number): number[] {
  return Array.from({ length: n }, (_, i) => medianNs * Math.exp(Math.sin(i * 12.9898) * 1.5));
}

describe('ByteWriter and ByteReader', () => {
  it('round-trip varints at every width up to 2^53 − 1, zigzag integers and floats', () => {
    const uints = [0, 1, 127, 128, 255, 16_383, 16_384, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 35 + 7, Number.MAX_SAFE_INTEGER];
    const ints = [0, -1, 1, -64, 64, -4096, 4096, -(2 ** 40), 2 ** 40];
    const w = new ByteWriter(4);
    for (const n of uints) w.uint(n);
    for (const n of ints) w.int(n);
    w.float64(1.5e300);
    w.name('pipeline-1');
    const r = new ByteReader(Buffer.from(w.bytes()));
    expect(uints.map(() => r.uint())).toEqual(uints);
    expect(ints.map(() => r.int())).toEqual(ints);
    expect(r.float64()).toBe(1.5e300);
    expect(r.name(128)).toBe('pipeline-1');
    expect(r.done).toBe(true);
  });

  it('reads names right however many distinct ones come by (they are interned in a bounded table)', () => {
    const names = Array.from({ length: 70_000 }, (_, i) => `p-${i.toString(36)}`);
    const w = new ByteWriter();
    for (const n of names) w.name(n);
    for (const n of names.slice(0, 100)) w.name(n); // seen before the table was emptied
    const r = new ByteReader(Buffer.from(w.bytes()));
    expect(Array.from({ length: names.length + 100 }, () => r.name(128))).toEqual([...names, ...names.slice(0, 100)]);
  });

  it('refuses to write what it could not read back', () => {
    const w = new ByteWriter();
    expect(() => w.uint(-1)).toThrow(RangeError);
    expect(() => w.uint(2 ** 53)).toThrow(RangeError);
    expect(() => w.uint(1.5)).toThrow(RangeError);
  });

  it('reads a varint past 2^53, a truncated one and a long name as MalformedReportError', () => {
    const cases: [number[], (r: ByteReader) => unknown, RegExp][] = [
      [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], (r) => r.uint(), /larger than 2\^53/],
      [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], (r) => r.uint(), /larger than 2\^53/],
      [[0x80, 0x80], (r) => r.uint(), /ends inside a number/],
      [[1, 2, 3], (r) => r.float64(), /ends inside a float/],
      [[100], (r) => r.name(64), /100 bytes long/],
      [[3, 0x61, 0xe9, 0x62], (r) => r.name(128), /outside ASCII/],
    ];
    for (const [bytes, read, reason] of cases) {
      expect(() => read(new ByteReader(Uint8Array.from(bytes)))).toThrow(MalformedReportError);
      expect(() => read(new ByteReader(Uint8Array.from(bytes)))).toThrow(reason);
    }
  });
});

describe('a version-2 (binary) tick report', () => {
  const ok = sketchOf([0, 0, ...latencies(500, 3e6), 9e9]);
  const failed = sketchOf([3e9]);
  const input: ReportInput = {
    group: 'default',
    node: 'gw-1',
    tick: 123_456_789,
    pipelines: [
      { name: 'api', tasks: { success: ok, failure: failed }, plugins: [{ name: 'limiter', runs: { success: ok } }] },
      { name: 'only-plugins', tasks: {}, plugins: [{ name: 'cache', runs: { failure: failed, success: new LatencySketch() } }] },
    ],
  };

  it('decodes to sketches equal to the ones encoded: bins, count, sum, min, max, variance', () => {
    const back = decodeReport(JSON.parse(JSON.stringify(encodeReport(input))));
    expect(back).toMatchObject({ group: 'default', node: 'gw-1', tick: 123_456_789 });
    const api = back.pipelines[0]!;
    const s = LatencySketch.fromParts(api.tasks.success!);
    expect([s.count, s.sum, s.min, s.max, s.zeroCount]).toEqual([ok.count, ok.sum, Math.round(ok.min), Math.round(ok.max), 2]);
    expect(s.variance).toBeCloseTo(ok.variance, 0);
    expect(binsOf(api.tasks.success!)).toEqual(binsOf(ok));
    for (const q of [0.25, 0.5, 0.99, 1]) expect(s.quantile(q)).toBe(ok.quantile(q));
    expect(api.plugins[0]!.runs.failure).toBeUndefined();
    expect(binsOf(api.tasks.failure!)).toEqual(binsOf(failed));
    // An empty sketch is left out; a pipeline with only plugin figures keeps an empty tasks series.
    expect(back.pipelines[1]).toMatchObject({ name: 'only-plugins', tasks: {}, plugins: [{ name: 'cache', runs: { failure: { count: 1 } } }] });
    expect(back.pipelines[1]!.plugins[0]!.runs.success).toBeUndefined();
    // The dense way out gives the same bins as the one-by-one way.
    const [lo, hi] = api.tasks.success!.keyRange()!;
    const dense = new Float64Array(hi - lo + 1);
    api.tasks.success!.addCountsTo(dense, lo);
    expect([...dense.entries()].filter(([, c]) => c > 0).map(([i, c]) => [i + lo, c])).toEqual(binsOf(ok));
    expect([lo, hi]).toEqual(ok.keyRange());
  });

  it('is at most half the size of the version-1 JSON of the same tick', () => {
    const wide: ReportInput = {
      ...input,
      pipelines: Array.from({ length: 50 }, (_, i) => ({
        name: `pipeline-${i}`,
        tasks: { success: sketchOf(latencies(100, 2e6 + i * 1e4)), failure: failed },
        plugins: Array.from({ length: 4 }, (_, j) => ({ name: `plugin-${j}`, runs: { success: sketchOf(latencies(100, 1e6 + j * 1e5)) } })),
      })),
    };
    const v2 = JSON.stringify(encodeReport(wide)).length;
    const v1 = JSON.stringify({
      v: 1,
      g: wide.group,
      n: wide.node,
      t: wide.tick,
      p: wide.pipelines.map((p) => [p.name, [encodeSketch(p.tasks.success), encodeSketch(p.tasks.failure)], p.plugins.map((pl) => [pl.name, [encodeSketch(pl.runs.success), 0]])]),
    }).length;
    expect(v2).toBeLessThan(v1 / 2);
  });

  describe('is refused with a reason when malformed', () => {
    const good = encodeReport(input);
    const body = Buffer.from(good.b, 'base64');
    const withBody = (bytes: Uint8Array): EncodedReport => ({ ...good, b: Buffer.from(bytes).toString('base64') });
    /** The 8 bytes of a float64, little-endian. */
    const f64 = (x: number): number[] => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(x);
      return [...b];
    };
    /** A body of one pipeline `api` whose tasks series is `series` bytes. */
    const oneSeries = (series: number[]): EncodedReport => withBody(Uint8Array.from([1, 3, 0x61, 0x70, 0x69, ...series, 0]));
    const cases: [string, unknown, RegExp][] = [
      ['a truncated body', withBody(body.subarray(0, body.length - 3)), /ends/],
      ['trailing bytes', withBody(Buffer.concat([body, Buffer.from([0])])), /1 bytes follow the last pipeline/],
      ['a body that is not base64', { ...good, b: `${good.b.slice(0, 8)}!!!!${good.b.slice(12)}` }, /not valid base64/],
      ['a body that is not a string', { ...good, b: [1, 2] }, /base64 string/],
      ['a bad group name', { ...good, g: '../x' }, /^g must be a name/],
      ['a negative tick', { ...good, t: -1 }, /tick/],
      ['too many pipelines', withBody(Uint8Array.from([0x91, 0x4e])), /10001 pipelines/],
      ['a pipeline name with a separator', withBody(Uint8Array.from([1, 3, 0x61, 0x3a, 0x62, 0, 0])), /not a name/],
      ['a pipeline listed twice', withBody(Uint8Array.from([2, 1, 0x61, 0, 0, 1, 0x61, 0, 0])), /listed twice/],
      ['unknown series flags', oneSeries([4]), /unknown bits/],
      // flags 1; count 2, zero 0, sum 10.0, m2 0.0, min 5, max 5; 1 bin: first key 5 (zigzag 10), span 0, 1 byte: gap 0, count 1
      ['bins that do not add up to the count', oneSeries([1, 2, 0, ...f64(10), 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 1, 10, 0, 1, 0x00]), /bins hold 1 samples, count says 2/],
      ['min above max', oneSeries([1, 2, 0, ...f64(10), 0, 0, 0, 0, 0, 0, 0, 0, 6, 5, 1, 10, 0, 1, 0x01]), /min ≤ max/],
      ['a NaN m2', oneSeries([1, 2, 0, ...f64(10), 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 5, 5, 1, 10, 0, 1, 0x01]), /finite m2/],
      ['a bin key beyond ±4096', oneSeries([1, 1, 0, ...f64(5), 1, 0xd0, 0x41, 0, 1, 0x00]), /beyond ±4096/],
      ['a gap past the last key', oneSeries([1, 1, 0, ...f64(5), 1, 10, 0, 5, 0xf0, 0xff, 0xff, 0xff, 0x0f]), /past the last key/],
      ['bins ending before their last key', oneSeries([1, 1, 0, ...f64(5), 1, 10, 2, 1, 0x00]), /do not end at their last key/],
      ['more bins than keys in their range', oneSeries([1, 1, 0, ...f64(5), 3, 10, 1, 3, 0, 0, 0]), /do not fit/],
      ['bins longer than the body', oneSeries([1, 1, 0, ...f64(5), 1, 10, 0, 50, 0x00]), /do not fit/],
      ['more bins than a sketch may have', oneSeries([1, 1, 0, ...f64(5), 0x88, 0x27]), /5000 bins/],
      ['a negative sum', oneSeries([1, 1, 0, ...f64(-5), 0]), /finite sum/],
    ];
    it.each(cases)('%s', (_, data, reason) => {
      expect(() => decodeReport(data)).toThrow(MalformedReportError);
      expect(() => decodeReport(data)).toThrow(reason);
    });

    it("with bins: 'on-use', reads the header now and throws when the bad bins are read", () => {
      const data = oneSeries([1, 2, 0, ...f64(10), 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 1, 10, 0, 1, 0x00]);
      const lazy = decodeReport(data, { bins: 'on-use' }).pipelines[0]!.tasks.success!;
      expect(lazy.keyRange()).toEqual([5, 5]);
      expect(() => lazy.forEachKey(() => undefined)).toThrow(/bins hold 1 samples, count says 2/);
      expect(() => lazy.addCountsTo(new Float64Array(1), 5)).toThrow(MalformedReportError);
      expect(() => decodeReport(oneSeries([1, 2, 0, ...f64(10), 0, 0, 0, 0, 0, 0, 0, 0, 6, 5, 1, 10, 0, 1, 0x01]), { bins: 'on-use' })).toThrow(/min ≤ max/);
    });

    it('whatever byte of a valid body is changed: a MalformedReportError or a valid report, never another error', () => {
      let refused = 0;
      for (let i = 0; i < body.length; i++) {
        for (const b of [0x00, 0x7f, 0x80, 0xff]) {
          const bytes = Buffer.from(body);
          bytes[i] = b;
          try {
            const report = decodeReport(withBody(bytes));
            // Whatever was accepted must be readable to the last bin.
            for (const p of report.pipelines) for (const s of [p.tasks.success, p.tasks.failure]) s?.forEachKey(() => undefined);
          } catch (err) {
            expect(err).toBeInstanceOf(MalformedReportError);
            refused++;
          }
        }
      }
      expect(refused).toBeGreaterThan(body.length);
    });

    it("whatever byte is changed, adding the bins into a window (the fold's loop, checked at its end) accepts exactly what reading them one by one accepts, with the same counts", () => {
      let refused = 0;
      for (let i = 0; i < body.length; i++) {
        for (const b of [0x00, 0x0f, 0xf0, 0x7f, 0x80, 0xff]) {
          const bytes = Buffer.from(body);
          bytes[i] = b;
          let report;
          try {
            report = decodeReport(withBody(bytes), { bins: 'on-use' });
          } catch (err) {
            expect(err).toBeInstanceOf(MalformedReportError);
            continue;
          }
          for (const p of report.pipelines) {
            for (const s of [p.tasks.success, p.tasks.failure]) {
              const range = s?.keyRange();
              if (s === undefined || range === undefined) continue;
              const offset = range[0] - 64;
              const window = new Float64Array(range[1] - range[0] + 128);
              const one: number[] = [];
              let added: unknown;
              let read: unknown;
              try {
                s.addCountsTo(window, offset);
              } catch (err) {
                added = err;
              }
              try {
                s.forEachKey((k, c) => (one[k - offset] = c));
              } catch (err) {
                read = err;
              }
              expect(added === undefined).toBe(read === undefined);
              if (added !== undefined) {
                expect(added).toBeInstanceOf(MalformedReportError);
                refused++;
                continue;
              }
              window.forEach((c, at) => expect(c).toBe(one[at] ?? 0));
            }
          }
        }
      }
      expect(refused).toBeGreaterThan(0);
    });
  });
});
