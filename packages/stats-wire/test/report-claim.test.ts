import { checkReportClaim, decodeJobData, walkReportBody, type SketchParts, decodeReport, decodeReportBody, encodeReport, encodeReportBody, LatencySketch, MalformedReportError, REPORT_LIMITS, reportClaim, SeriesLayout, type ReportInput } from '../src';

function input(): ReportInput {
  const s = new LatencySketch();
  for (let i = 1; i <= 50; i++) s.record(i * 1e5);
  const f = new LatencySketch();
  f.record(7e6);
  return { group: 'eu', node: 'n-1', tick: 361_000, pipelines: [{ name: 'api', tasks: { success: s, failure: f }, plugins: [{ name: 'auth', runs: { success: s } }] }] };
}

describe('report bodies and claims (version 3 job data)', () => {
  it('a raw body decodes to the same report as the base64 one of version 2', () => {
    const body = encodeReportBody(input());
    const viaBody = decodeReportBody('eu', 'n-1', 361_000, body);
    const viaJob = decodeReport(encodeReport(input()));
    expect(Buffer.from(encodeReport(input()).b, 'base64').equals(body)).toBe(true);
    expect(viaBody.pipelines[0]!.tasks.success!.count).toBe(50);
    expect(viaBody.pipelines[0]!.tasks.failure!.max).toBe(viaJob.pipelines[0]!.tasks.failure!.max);
    expect(viaBody.pipelines[0]!.plugins[0]!.name).toBe('auth');
    expect({ group: viaBody.group, node: viaBody.node, tick: viaBody.tick }).toEqual({ group: 'eu', node: 'n-1', tick: 361_000 });
  });

  it('a body with a byte more or a byte less is refused as malformed', () => {
    const body = encodeReportBody(input());
    expect(() => decodeReportBody('eu', 'n-1', 1, Buffer.concat([body, Buffer.from([0])]))).toThrow(/bytes follow the last pipeline/);
    expect(() => decodeReportBody('eu', 'n-1', 1, body.subarray(0, body.length - 1))).toThrow(MalformedReportError);
  });

  it('refuses a body past the size bound before reading it', () => {
    expect(() => decodeReportBody('eu', 'n-1', 1, Buffer.alloc(REPORT_LIMITS.bodyBytes + 1))).toThrow(/at most 12582912/);
  });

  it('decodeJobData tells claims from reports; decodeReport refuses a claim with the reason', () => {
    expect(decodeJobData({ v: 3, g: 'eu', n: 'n-1', t: 5 })).toEqual({ kind: 'claim', claim: reportClaim('eu', 'n-1', 5) });
    const job = decodeJobData(encodeReport(input()));
    expect(job.kind).toBe('report');
    expect(() => decodeReport({ v: 3, g: 'eu', n: 'n-1', t: 5 })).toThrow(/holds no report/);
  });

  it.each([
    [{ v: 3, g: 'e u', n: 'n-1', t: 5 }, /g must be a name/],
    [{ v: 3, g: 'eu', n: '', t: 5 }, /n must be a name/],
    [{ v: 3, g: 'eu', n: 'n-1', t: -1 }, /t \(tick\)/],
    [{ v: 3, g: 'eu', n: 'n-1', t: 1.5 }, /t \(tick\)/],
    [{ v: 3, g: 'eu', n: 'n-1', t: 5, b: 'AAAA' }, /no field "b"/],
  ])('refuses the claim %j', (data, why) => {
    expect(() => checkReportClaim(data)).toThrow(MalformedReportError);
    expect(() => decodeJobData(data)).toThrow(why);
  });

  it("a claim's body key lives in its group's hash slot", () => {
    expect(new SeriesLayout('eu', 'gatehouse:stats').bodyKey('n-1', 361_000)).toBe('gatehouse:stats:{eu}:body:n-1:361000');
  });

  it('a walk over a body hands out what decodeReportBody builds, reusing two sketches when asked', () => {
    const body = encodeReportBody(input());
    const seen: string[] = [];
    const objects = new Set<SketchParts>();
    walkReportBody(
      body,
      {
        pipeline: (name) => seen.push(`pipeline ${name}`),
        series: (plugin, ok, failed) => {
          seen.push(`${plugin ?? 'tasks'} ${ok?.count ?? 0}/${failed?.count ?? 0} max ${ok?.max ?? 0}`);
          for (const s of [ok, failed]) if (s) objects.add(s);
        },
      },
      { bins: 'now', reuseSketches: true },
    );
    expect(seen).toEqual(['pipeline api', 'tasks 50/1 max 5000000', 'auth 50/0 max 5000000']);
    expect(objects.size).toBe(2);
  });

  it('a walk hands out what came before a fault, then throws it', () => {
    const body = encodeReportBody({ ...input(), pipelines: [input().pipelines[0]!, { ...input().pipelines[0]!, name: 'web' }] });
    const pipelines: string[] = [];
    const walk = (): void => walkReportBody(body.subarray(0, body.length - 2), { pipeline: (n) => pipelines.push(n), series: () => undefined }, { bins: 'now', reuseSketches: true });
    expect(walk).toThrow(MalformedReportError);
    expect(pipelines).toEqual(['api', 'web']);
  });
});
