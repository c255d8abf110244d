import {
  addToGaugeFold,
  ByteWriter,
  decodeBucketGauges,
  decodeReportBody,
  encodeBucketGauges,
  encodeReportBody,
  gaugeValue,
  LatencySketch,
  MalformedBucketError,
  MalformedReportError,
  mergeGaugeFolds,
  walkReportBody,
  type GaugeAggregate,
  type GaugeFold,
  type PluginGauge,
  type ReportInput,
} from '../src';

function sketchOf(...values: number[]): LatencySketch {
  const s = new LatencySketch();
  for (const v of values) s.record(v);
  return s;
}

const input = (gauges: PluginGauge[] | undefined, ran = true): ReportInput => ({
  group: 'g',
  node: 'n1',
  tick: 9,
  pipelines: [{ name: 'api', tasks: { success: sketchOf(1e6) }, plugins: [{ name: 'limiter', runs: ran ? { success: sketchOf(2e6) } : {}, gauges }, { name: 'out', runs: { failure: sketchOf(3e6) } }] }],
});

/** A body of one pipeline `api` whose only plugin `in` has series flags `flags` followed by `rest`. */
function bodyWith(flags: number, rest: (w: ByteWriter) => void): Buffer {
  const w = new ByteWriter();
  w.uint(1);
  w.name('api');
  w.byte(0);
  w.uint(1);
  w.name('in');
  w.byte(flags);
  rest(w);
  return Buffer.from(w.bytes());
}

describe('plugin indicator values in a report body', () => {
  const gauges: PluginGauge[] = [
    { name: 'WIP_REQUEST_COUNT', aggregate: 'sum', value: 17 },
    { name: 'FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN', aggregate: 'sum', value: 2.75 },
    { name: 'CIRCUIT_BREAKER_STATE', aggregate: 'max', value: 0 },
    { name: 'OFFSET', aggregate: 'min', value: -3 },
    { name: 'SHARE', aggregate: 'mean', value: 1e300 },
  ];

  it('round-trip with the plugin they belong to, also for a plugin that did not run in the tick', () => {
    const decoded = decodeReportBody('g', 'n1', 9, encodeReportBody(input(gauges)));
    expect(decoded.pipelines[0]!.plugins.map((p) => [p.name, p.gauges])).toEqual([
      ['limiter', gauges],
      ['out', undefined],
    ]);
    const idle = decodeReportBody('g', 'n1', 9, encodeReportBody(input(gauges, false)));
    expect(idle.pipelines[0]!.plugins[0]).toEqual({ name: 'limiter', runs: {}, gauges });
  });

  it('are handed to a walk right after their plugin\'s series, and skipped by a visitor that takes none', () => {
    const seen: string[] = [];
    const body = encodeReportBody(input(gauges.slice(0, 2)));
    walkReportBody(
      body,
      {
        pipeline: (name) => seen.push(`pipeline ${name}`),
        series: (plugin, s, f) => seen.push(`series ${plugin ?? '-'} ${s?.count ?? 0}/${f?.count ?? 0}`),
        gauge: (plugin, name, aggregate, value) => seen.push(`gauge ${plugin} ${name} ${aggregate} ${value}`),
      },
      { bins: 'now', reuseSketches: true },
    );
    expect(seen).toEqual(['pipeline api', 'series - 1/0', 'series limiter 1/0', 'gauge limiter WIP_REQUEST_COUNT sum 17', 'gauge limiter FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN sum 2.75', 'series out 0/1']);
    let series = 0;
    walkReportBody(body, { pipeline: () => undefined, series: () => series++ }, { bins: 'now', reuseSketches: true });
    expect(series).toBe(3);
  });

  it('take a byte or two for a small integer, eight more for a float', () => {
    const size = (value: number): number => encodeReportBody(input([{ name: 'X', aggregate: 'sum', value }])).length;
    const none = encodeReportBody(input(undefined)).length;
    expect(size(5) - none).toBe(1 + 3 + 1 + 1); // count, name (0, length, 'X'), aggregate byte, varint
    expect(size(5.5) - none).toBe(1 + 3 + 1 + 8);
  });

  it('name an indicator whole once per body, then by number', () => {
    const name = 'FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN';
    const pipelines = (n: number): ReportInput['pipelines'] =>
      Array.from({ length: n }, (_, i) => ({ name: `p${i}`, tasks: {}, plugins: [{ name: 'limit', runs: {}, gauges: [{ name, aggregate: 'sum' as const, value: i }] }] }));
    const body = (n: number): Buffer => encodeReportBody({ group: 'g', node: 'n', tick: 1, pipelines: pipelines(n) });
    // Each further pipeline: its name (3), tasks flags, plugin count, plugin name (6), flags, count, the name's number, aggregate byte, varint.
    expect(body(3).length - body(2).length).toBe(3 + 1 + 1 + 6 + 1 + 1 + 1 + 1 + 1);
    const decoded = decodeReportBody('g', 'n', 1, body(3));
    expect(decoded.pipelines.map((p) => p.plugins[0]!.gauges)).toEqual([0, 1, 2].map((value) => [{ name, aggregate: 'sum', value }]));
  });

  it('are refused when the writer could not be read back', () => {
    expect(() => encodeReportBody(input([{ name: 'X', aggregate: 'sum', value: Number.NaN }]))).toThrow(RangeError);
    expect(() => encodeReportBody(input([{ name: 'X', aggregate: 'sum', value: Infinity }]))).toThrow(RangeError);
    expect(() => encodeReportBody(input([{ name: 'a b', aggregate: 'sum', value: 1 }]))).toThrow(RangeError);
    expect(() => encodeReportBody(input([{ name: 'X', aggregate: 'median' as GaugeAggregate, value: 1 }]))).toThrow(RangeError);
  });

  it.each<[string, Buffer, RegExp]>([
    ['on the tasks series', (() => {
      const w = new ByteWriter();
      w.uint(1);
      w.name('api');
      w.byte(4);
      w.uint(0);
      w.uint(0);
      return Buffer.from(w.bytes());
    })(), /series flags 4 hold unknown bits/],
    ['more than 64', bodyWith(4, (w) => w.uint(65)), /plugin in has 65 indicators \(at most 64\)/],
    ['listed twice', bodyWith(4, (w) => {
      w.uint(2);
      for (let i = 0; i < 2; i++) {
        w.uint(0); // a name given whole (twice: no number saves it)
        w.name('X');
        w.byte(4);
        w.uint(1);
      }
    }), /indicator X of plugin in is listed twice/],
    ['with an unknown aggregate', bodyWith(4, (w) => {
      w.uint(1);
      w.uint(0);
      w.name('X');
      w.byte(8);
    }), /unknown aggregate byte 8/],
    ['not finite', bodyWith(4, (w) => {
      w.uint(1);
      w.uint(0);
      w.name('X');
      w.byte(0);
      w.float64(Number.NaN);
    }), /indicator X of plugin in is not a finite number/],
    ['with a name that is not one', bodyWith(4, (w) => {
      w.uint(1);
      w.uint(0);
      w.name('a b');
      w.byte(0);
      w.float64(1);
    }), /an indicator name is not a name/],
    ['named by a number no name had before', bodyWith(4, (w) => {
      w.uint(2);
      w.uint(0);
      w.name('X');
      w.byte(4);
      w.uint(1);
      w.uint(2);
    }), /indicator name number 2 names none of the 1 before it/],
    ['cut short', bodyWith(4, (w) => {
      w.uint(1);
      w.uint(0);
      w.name('X');
      w.byte(0);
      w.byte(1);
    }), /ends inside a float/],
  ])('in a body are malformed when %s', (_what, body, message) => {
    expect(() => decodeReportBody('g', 'n', 1, body)).toThrow(MalformedReportError);
    expect(() => decodeReportBody('g', 'n', 1, body)).toThrow(message);
  });
});

describe('a bucket\'s folds of plugin indicators', () => {
  const fold = (aggregate: GaugeAggregate, ...values: number[]): GaugeFold => values.reduce<GaugeFold | undefined>((f, v) => addToGaugeFold(f, aggregate, v), undefined)!;

  it('combine the nodes\' values by the indicator\'s aggregate', () => {
    expect(gaugeValue(fold('sum', 3, 4, 5))).toBe(12);
    expect(gaugeValue(fold('max', 3, 9, 5))).toBe(9);
    expect(gaugeValue(fold('min', 3, -1, 5))).toBe(-1);
    expect(gaugeValue(fold('mean', 3, 4, 8))).toBe(5);
  });

  it('merge as if every node had been added to one fold', () => {
    const a = new Map([['X', fold('sum', 1, 2)], ['Y', fold('max', 7)]]);
    const b = new Map([['X', fold('sum', 10)], ['Z', fold('mean', 2, 4)]]);
    const merged = mergeGaugeFolds(a, b);
    expect(Object.fromEntries([...merged].map(([k, f]) => [k, [gaugeValue(f), f.nodes]]))).toEqual({ X: [13, 3], Y: [7, 1], Z: [3, 2] });
    expect(b.get('Z')).toEqual(fold('mean', 2, 4)); // `from` is left as it was
  });

  it('round-trip through the stored field, and an absent field holds none', () => {
    const folds = new Map([['WIP_REQUEST_COUNT', fold('sum', 1, 2, 3)], ['RATE', fold('mean', 0.5, 1.25)]]);
    expect(decodeBucketGauges(encodeBucketGauges(folds))).toEqual(folds);
    expect(decodeBucketGauges(null).size).toBe(0);
    expect(decodeBucketGauges(Buffer.alloc(0)).size).toBe(0);
  });

  it('refuse a stored field that is not one', () => {
    const good = encodeBucketGauges(new Map([['X', fold('sum', 1)]]));
    for (const bad of [Buffer.from([2, 0]), good.subarray(0, good.length - 1), Buffer.concat([good, Buffer.from([0])])]) expect(() => decodeBucketGauges(bad)).toThrow(MalformedBucketError);
  });
});
