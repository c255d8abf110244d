import { decodeReport, decodeReportBody, GAUGE_LIMITS, type TickReport } from '@gatehouse/stats-wire';
import { ManualClock } from '../../src/engine/clock';
import type { Logger } from '../../src/engine/logger';
import { StatisticsRegistry } from '../../src/engine/statistics/statistics-registry';
import { TickReportBuilder, type ReportBody } from '../../src/stats-shipping/tick-report-builder';
import { WorkerTickReports } from '../../src/workers/worker-tick-reports';
import type { ToPrimary } from '../../src/workers/ipc-messages';

const WALL = 1_700_000_002_000;

function decoded(r: ReportBody | undefined): TickReport {
  if (r === undefined) throw new Error('no report');
  return decodeReportBody(r.group, r.node, r.tick, r.body);
}

/** A logger keeping what it was given at each level. */
function recordingLogger(): Logger & { lines: { level: string; obj: object | string; msg?: string }[] } {
  const lines: { level: string; obj: object | string; msg?: string }[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

describe("a shipped tick report and the plugins' registered indicators", () => {
  it('carries each plugin\'s indicator values with their aggregates every tick, run or not, leaving out nulls and NaN', () => {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    let queue = 3;
    api.registerIndicator('limiter', 'WAIT_QUEUE_LENGTH', 'tasks waiting', () => queue, { aggregate: 'sum' });
    api.registerIndicator('limiter', 'NOTHING_YET', 'no value', () => null, { aggregate: 'max' });
    const removeState = api.registerIndicator('breaker', 'CIRCUIT_BREAKER_STATE', 'state', () => 2, { aggregate: 'max' });
    const removeRatio = api.registerIndicator('breaker', 'FAILURE_RATIO', 'ratio', () => 0.25, { aggregate: 'mean' });
    const removeNan = api.registerIndicator('breaker', 'BROKEN_RATIO', 'NaN', () => NaN, { aggregate: 'min' });
    const builder = new TickReportBuilder(registry, 'blue', 'gw-1', () => WALL, { pluginIndicators: true });

    api.pluginSeries('limiter').record(5e4, true);
    registry.tick();
    const first = decoded(builder.buildBody());
    expect(first.pipelines).toEqual([
      {
        name: 'api',
        tasks: {},
        plugins: [
          { name: 'limiter', runs: { success: expect.objectContaining({ count: 1 }) }, gauges: [{ name: 'WAIT_QUEUE_LENGTH', aggregate: 'sum', value: 3 }] },
          // The breaker did not run: it goes all the same, with its values only.
          {
            name: 'breaker',
            runs: {},
            gauges: [
              { name: 'CIRCUIT_BREAKER_STATE', aggregate: 'max', value: 2 },
              { name: 'FAILURE_RATIO', aggregate: 'mean', value: 0.25 },
            ],
          },
        ],
      },
    ]);

    // A tick where nothing ran still ships the current values.
    queue = 7;
    registry.tick();
    expect(decoded(builder.buildBody()).pipelines[0]!.plugins.map((p) => [p.name, p.runs, p.gauges?.map((g) => g.value)])).toEqual([
      ['limiter', {}, [7]],
      ['breaker', {}, [2, 0.25]],
    ]);

    // Values all null: nothing to ship for that plugin; no indicator and no run anywhere: no report, as before.
    removeState();
    removeRatio();
    registry.tick();
    expect(decoded(builder.buildBody()).pipelines[0]!.plugins.map((p) => p.name)).toEqual(['limiter']);
    queue = Number.NaN;
    registry.tick();
    expect(builder.buildBody()).toBeUndefined();
    removeNan();
    registry.stop();
  });

  it('ships what the primary of GATEWAY_WORKERS answers — the workers\' combined values — not its idle evaluators', () => {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    api.registerIndicator('limiter', 'WAIT_QUEUE_LENGTH', 'tasks waiting', () => 0);
    registry.readIndicatorsFrom({ value: (pipeline, plugin, name) => (`${pipeline}/${plugin}/${name}` === 'api/limiter/WAIT_QUEUE_LENGTH' ? 12 : null) });
    registry.tick();
    const builder = new TickReportBuilder(registry, 'blue', 'gw-1', () => WALL, { pluginIndicators: true });
    expect(decoded(builder.buildBody()).pipelines[0]!.plugins).toEqual([{ name: 'limiter', runs: {}, gauges: [{ name: 'WAIT_QUEUE_LENGTH', aggregate: 'sum', value: 12 }] }]);
    registry.stop();
  });

  it('leaves them out of a worker\'s reports to its primary, which gets them in its own message', async () => {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    api.registerIndicator('limiter', 'WAIT_QUEUE_LENGTH', 'tasks waiting', () => 4);
    api.pluginSeries('limiter').record(5e4, true);
    const sent: ToPrimary[] = [];
    const reports = new WorkerTickReports(registry, (m, done) => {
      sent.push(m);
      done?.();
    });
    // The shipping builder on the same registry, to show there was something to leave out.
    const shipping = new TickReportBuilder(registry, 'blue', 'gw-1', () => WALL, { pluginIndicators: true });
    registry.tick();
    expect(decoded(shipping.buildBody()).pipelines[0]!.plugins[0]!.gauges).toEqual([{ name: 'WAIT_QUEUE_LENGTH', aggregate: 'sum', value: 4 }]);

    const [m] = sent;
    if (m?.t !== 'gh:stats' || m.report === null) throw new Error(`no worker report: ${JSON.stringify(m)}`);
    const report = decodeReport(JSON.parse(m.report));
    expect(report.pipelines[0]!.plugins).toEqual([{ name: 'limiter', runs: { success: expect.objectContaining({ count: 1 }) } }]);
    expect(JSON.parse(m.indicators)).toContainEqual(['api', 'limiter', 'WAIT_QUEUE_LENGTH', 4, 'sum']);

    // A quiet tick: still no report for the primary, only the indicator message.
    registry.tick();
    expect(sent[1]).toMatchObject({ t: 'gh:stats', report: null });
    await reports.flush();
    registry.stop();
  });

  it('logs a throwing evaluator at its 1st, 2nd, 4th… failure, not every tick, and ships without it', () => {
    const logger = recordingLogger();
    const registry = new StatisticsRegistry(new ManualClock(), logger);
    const api = registry.create('api');
    api.registerIndicator('breaker', 'CIRCUIT_BREAKER_STATE', 'state', () => 1, { aggregate: 'max' });
    api.registerIndicator('breaker', 'EXPLODING', 'throws', () => {
      throw new Error('boom');
    });
    const builder = new TickReportBuilder(registry, 'blue', 'gw-1', () => WALL, { pluginIndicators: true, logger });
    for (let i = 0; i < 8; i++) {
      registry.tick();
      expect(decoded(builder.buildBody()).pipelines[0]!.plugins[0]!.gauges!.map((g) => g.name)).toEqual(['CIRCUIT_BREAKER_STATE']);
    }
    const failures = logger.lines.filter((l) => l.msg === 'indicator evaluator failed').map((l) => (l.obj as { failures: number }).failures);
    expect(failures).toEqual([1, 2, 4, 8]);
    registry.stop();
  });

  it(`ships at most ${GAUGE_LIMITS.perPlugin} indicators of a plugin, the first by name, and says so once`, () => {
    const logger = recordingLogger();
    const registry = new StatisticsRegistry(new ManualClock(), logger);
    const api = registry.create('api');
    const names = Array.from({ length: GAUGE_LIMITS.perPlugin + 6 }, (_, i) => `G_${String(i).padStart(3, '0')}`);
    for (const n of [...names].reverse()) api.registerIndicator('many', n, n, () => 1);
    const builder = new TickReportBuilder(registry, 'blue', 'gw-1', () => WALL, { pluginIndicators: true, logger });
    for (let i = 0; i < 3; i++) {
      registry.tick();
      const gauges = decoded(builder.buildBody()).pipelines[0]!.plugins[0]!.gauges!;
      expect(gauges.map((g) => g.name)).toEqual(names.slice(0, GAUGE_LIMITS.perPlugin));
    }
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      { level: 'warn', obj: { pipeline: 'api', plugin: 'many', indicators: names.length, shipped: GAUGE_LIMITS.perPlugin }, msg: expect.stringMatching(/first 64 by name/) },
    ]);
    registry.stop();
  });
});
