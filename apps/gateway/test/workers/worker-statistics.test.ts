import { decodeReport, REPORT_VERSION } from '@gatehouse/stats-wire';
import { ManualClock } from '../../src/engine/clock';
import type { Logger } from '../../src/engine/logger';
import { StatisticsRegistry } from '../../src/engine/statistics/statistics-registry';
import type { ToPrimary } from '../../src/workers/ipc-messages';
import { WorkerStatistics } from '../../src/workers/worker-statistics';
import { WorkerTickReports } from '../../src/workers/worker-tick-reports';

function recordingLogger(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  return { errors, info: () => undefined, warn: () => undefined, debug: () => undefined, error: (o) => errors.push(o) };
}

/** A worker's registry with pipeline `api`, and the reports it sends after each tick. */
function workerSide(clock: ManualClock): { registry: StatisticsRegistry; sent: ToPrimary[]; reports: WorkerTickReports } {
  const registry = new StatisticsRegistry(clock);
  registry.create('api').pluginSeries('limiter');
  const sent: ToPrimary[] = [];
  const reports = new WorkerTickReports(registry, (m, done) => {
    sent.push(m);
    setImmediate(() => done?.());
  });
  return { registry, sent, reports };
}

function reportText(m: ToPrimary | undefined): string | null {
  if (m?.t !== 'gh:stats') throw new Error(`expected a gh:stats message, got ${JSON.stringify(m)}`);
  return m.report;
}

describe("a worker's tick reports to the primary", () => {
  it('sends the delta of every tick that saw a sample, as JSON text (null for a quiet tick), and the last one when flushed', async () => {
    const clock = new ManualClock();
    const { registry, sent, reports } = workerSide(clock);
    const api = registry.get('api')!;
    api.pipeline.record(1e6, true);
    api.pluginSeries('limiter').record(1e4, true);
    clock.advance(5000);
    expect(sent).toHaveLength(1);
    const text = reportText(sent[0])!;
    expect((JSON.parse(text) as { v: number }).v).toBe(REPORT_VERSION);
    expect(decodeReport(JSON.parse(text)).pipelines.map((p) => [p.name, p.plugins.length])).toEqual([['api', 1]]);
    clock.advance(5000); // a quiet tick sends no delta (its indicator values still go)
    expect(sent).toHaveLength(2);
    expect(reportText(sent[1])).toBeNull();

    api.pipeline.record(2e6, false); // between two ticks: a draining worker flushes it
    await reports.flush();
    expect(sent).toHaveLength(3);
    expect(decodeReport(JSON.parse(reportText(sent[2])!)).pipelines[0]!.tasks.failure?.count).toBe(1);
    api.pipeline.record(3e6, true);
    clock.advance(5000); // flushed: it reports no more
    expect(sent).toHaveLength(3);
    registry.stop();
  });
});

describe("the primary's absorption of workers' reports", () => {
  it("adds a worker's report to the pipelines it runs, counting pipelines it does not run", () => {
    const clock = new ManualClock();
    const primary = new StatisticsRegistry(clock);
    const api = primary.create('api');
    api.pluginSeries('limiter');
    const worker = workerSide(clock);
    worker.registry.create('elsewhere').pipeline.record(1, true);
    for (let i = 0; i < 30; i++) worker.registry.get('api')!.pipeline.record(1e6 + i, i % 3 !== 0);
    worker.registry.tick();
    const absorber = new WorkerStatistics(primary, recordingLogger());
    absorber.receive(1, reportText(worker.sent[0])!);
    expect(api.pipeline.count()).toBe(30);
    expect(api.pipeline.count('failure')).toBe(10);
    expect(primary.get('elsewhere')).toBeUndefined();
    expect(absorber.figures()).toEqual({ absorbed: 1, rejected: 0, unknownPipelines: 1 });
    primary.stop();
    worker.registry.stop();
  });

  it('refuses malformed or oversized reports without throwing or touching its figures, logging the 1st, 2nd, 4th…', () => {
    const clock = new ManualClock();
    const primary = new StatisticsRegistry(clock);
    const api = primary.create('api');
    const logger = recordingLogger();
    const absorber = new WorkerStatistics(primary, logger, 2000);
    // Version 1 (JSON arrays): easy to break field by field, and still accepted.
    const good = { v: 1, g: 'local', n: 'worker', t: 1, p: [['api', [[2, 3, 0, 1, 2, 0, 0, 1, 70, 1], 0], []]] };
    const bad: unknown[] = [
      undefined,
      42,
      { ...good },
      'not json',
      JSON.stringify({ ...good, v: 99 }),
      JSON.stringify({ ...good, p: [['api', [[5, 3, 0, 1, 2, 0, 0, 1], 0], []]] }), // the bins hold 1 sample, count says 5
      JSON.stringify({ ...good, p: [['api', [[1, -3, 0, 1, 2, 0, 0, 1], 0], []]] }),
      JSON.stringify({ ...good, p: [['../api', [0, 0], []]] }),
      JSON.stringify({ ...good, p: Array.from({ length: 200 }, (_, i) => [`p${i}`, [0, 0], []]) }), // > 2000 characters
    ];
    for (const report of bad) expect(() => absorber.receive(3, report)).not.toThrow();
    expect(api.pipeline.count()).toBe(0);
    expect(absorber.figures()).toEqual({ absorbed: 0, rejected: bad.length, unknownPipelines: 0 });
    expect(logger.errors).toHaveLength(4); // the 1st, 2nd, 4th and 8th refusal
    absorber.receive(3, JSON.stringify(good));
    expect(api.pipeline.count()).toBe(2);
    expect(absorber.figures().absorbed).toBe(1);
    primary.stop();
  });
});
