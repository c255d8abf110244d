import { decodeReport, decodeReportBody, LatencySketch } from '@gatehouse/stats-wire';
import { ManualClock } from '../../src/engine/clock';
import { StatisticsRegistry } from '../../src/engine/statistics/statistics-registry';
import { TickReportBuilder } from '../../src/stats-shipping/tick-report-builder';

describe('the tick report', () => {
  it("holds the tick's counts and sketch deltas per pipeline and plugin in a raw body, labelled by wall-clock tick", () => {
    const clock = new ManualClock();
    const registry = new StatisticsRegistry(clock);
    const api = registry.create('api');
    registry.create('idle');
    let wall = 1_700_000_002_000;
    const builder = new TickReportBuilder(registry, 'blue', 'gw-1', () => wall);
    for (const ns of [1e6, 2e6, 3e6]) api.pipeline.record(ns, true);
    api.pipeline.record(9e6, false);
    api.pluginSeries('limiter').record(5e4, true);
    registry.tick();

    const first = builder.buildBody()!;
    expect(first).toMatchObject({ group: 'blue', node: 'gw-1', tick: Math.floor(wall / 5000) });
    expect(Buffer.isBuffer(first.body)).toBe(true);
    const report = decodeReportBody(first.group, first.node, first.tick, first.body);
    expect(report.pipelines.map((p) => p.name)).toEqual(['api']);
    const [p] = report.pipelines;
    expect(p!.tasks.success!.count).toBe(3);
    expect(p!.tasks.failure!.count).toBe(1);
    expect(LatencySketch.fromParts(p!.tasks.success!).quantile(0.5)).toBeCloseTo(2e6, -5);
    expect(p!.plugins).toEqual([{ name: 'limiter', runs: { success: expect.objectContaining({ count: 1 }) } }]);

    // The next tick carries only what happened during it; a quiet tick ships nothing.
    api.pipeline.record(4e6, true);
    registry.tick();
    wall += 1; // a timer firing early still gets a tick of its own
    const second = builder.buildBody()!;
    expect(second.tick).toBe(first.tick + 1);
    const next = decodeReportBody(second.group, second.node, second.tick, second.body);
    expect(next.pipelines[0]!.tasks.success!.count).toBe(1);
    expect(next.pipelines[0]!.tasks.failure).toBeUndefined();
    registry.tick();
    expect(builder.buildBody()).toBeUndefined();
    registry.stop();
  });

  it('is still version-2 job data, the same body in base64, for the workers\' reports to their primary', () => {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    for (const ns of [1e6, 2e6]) api.pipeline.record(ns, true);
    registry.tick();
    const wall = (): number => 1_700_000_002_000;
    const raw = new TickReportBuilder(registry, 'local', 'worker', wall).buildBody()!;
    const ipc = new TickReportBuilder(registry, 'local', 'worker', wall).build()!;
    expect(ipc).toEqual({ v: 2, g: 'local', n: 'worker', t: raw.tick, b: raw.body.toString('base64') });
    expect(decodeReport(JSON.parse(JSON.stringify(ipc))).pipelines[0]!.tasks.success!.count).toBe(2);
    registry.stop();
  });
});
