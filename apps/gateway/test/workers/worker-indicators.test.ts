import { ManualClock } from '../../src/engine/clock';
import type { Logger } from '../../src/engine/logger';
import type { IndicatorAggregate } from '../../src/engine/statistics/indicator-aggregate';
import { StatisticsRegistry } from '../../src/engine/statistics/statistics-registry';
import type { IndicatorValueEntry } from '../../src/workers/indicator-values';
import type { ToPrimary } from '../../src/workers/ipc-messages';
import { WorkerIndicators } from '../../src/workers/worker-indicators';
import { WorkerTickReports } from '../../src/workers/worker-tick-reports';

function recordingLogger(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  return { errors, info: () => undefined, warn: () => undefined, debug: () => undefined, error: (o) => errors.push(o) };
}

function indicatorsText(m: ToPrimary | undefined): string {
  if (m?.t !== 'gh:stats') throw new Error(`expected a gh:stats message, got ${JSON.stringify(m)}`);
  return m.indicators;
}

/** What one worker sends: pipeline `api`, plugin `lim`, indicators by name. */
function values(list: [name: string, value: number | null, aggregate: IndicatorAggregate][]): string {
  return JSON.stringify(list.map(([name, value, aggregate]): IndicatorValueEntry => ['api', 'lim', name, value, aggregate]));
}

describe("a worker's plugin indicator values", () => {
  it('go to the primary with every tick, quiet or not, with their aggregate; a throwing evaluator reads null', () => {
    const clock = new ManualClock();
    const registry = new StatisticsRegistry(clock);
    const api = registry.create('api');
    let refused = 3;
    api.registerIndicator('lim', 'REFUSED', 'refusals', () => refused);
    api.registerIndicator('srv', 'LISTEN_PORT', 'port', () => 8080, { aggregate: 'max' });
    api.registerIndicator('srv', 'BROKEN', 'throws', () => {
      throw new Error('boom');
    });
    const sent: ToPrimary[] = [];
    new WorkerTickReports(registry, (m) => sent.push(m));
    clock.advance(5000);
    refused = 5;
    clock.advance(5000);
    expect(sent.map((m) => JSON.parse(indicatorsText(m)) as unknown)).toEqual([
      [
        ['api', 'lim', 'REFUSED', 3, 'sum'],
        ['api', 'srv', 'LISTEN_PORT', 8080, 'max'],
        ['api', 'srv', 'BROKEN', null, 'sum'],
      ],
      [
        ['api', 'lim', 'REFUSED', 5, 'sum'],
        ['api', 'srv', 'LISTEN_PORT', 8080, 'max'],
        ['api', 'srv', 'BROKEN', null, 'sum'],
      ],
    ]);
    registry.stop();
  });
});

describe("the primary's answers for plugin indicators with workers", () => {
  /** A primary whose own (idle) plugin instance registered each indicator with `aggregate` and reads 1000. */
  function primary(aggregates: Record<string, IndicatorAggregate>): { registry: StatisticsRegistry; workers: WorkerIndicators; logger: ReturnType<typeof recordingLogger>; read: () => Record<string, number | null> } {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    for (const [name, aggregate] of Object.entries(aggregates)) api.registerIndicator('lim', name, name.toLowerCase(), () => 1000, { aggregate });
    const logger = recordingLogger();
    const workers = new WorkerIndicators(logger, 2000);
    registry.readIndicatorsFrom(workers);
    const read = (): Record<string, number | null> => Object.fromEntries(api.customIndicators('lim').map((i) => [i.name, i.value()]));
    return { registry, workers, logger, read };
  }

  it("combine the workers' latest values by each indicator's aggregate, its own instance left out", () => {
    const { registry, workers, read } = primary({ RATE: 'sum', PORT: 'max', AVAILABLE: 'min', SHARE: 'mean' });
    expect(read()).toEqual({ RATE: null, PORT: null, AVAILABLE: null, SHARE: null }); // no worker reported yet
    workers.receive(1, values([['RATE', 2.5, 'sum'], ['PORT', 8080, 'max'], ['AVAILABLE', 3, 'min'], ['SHARE', 10, 'mean']]));
    workers.receive(2, values([['RATE', 1.5, 'sum'], ['PORT', 8080, 'max'], ['AVAILABLE', 2, 'min'], ['SHARE', 30, 'mean']]));
    expect(read()).toEqual({ RATE: 4, PORT: 8080, AVAILABLE: 2, SHARE: 20 });
    // The next tick's values replace a worker's last ones.
    workers.receive(1, values([['RATE', 0.5, 'sum'], ['PORT', 8080, 'max'], ['AVAILABLE', 1, 'min'], ['SHARE', 50, 'mean']]));
    expect(read()).toEqual({ RATE: 2, PORT: 8080, AVAILABLE: 1, SHARE: 40 });
    registry.stop();
  });

  it('leave nulls out; all null is null', () => {
    const { registry, workers, read } = primary({ P90: 'max', COUNT: 'sum' });
    workers.receive(1, values([['P90', null, 'max'], ['COUNT', null, 'sum']]));
    workers.receive(2, values([['P90', 12, 'max'], ['COUNT', null, 'sum']]));
    expect(read()).toEqual({ P90: 12, COUNT: null });
    registry.stop();
  });

  it("drop a worker's values when it leaves, and an indicator it no longer sends", () => {
    const { registry, workers, read } = primary({ RATE: 'sum', PORT: 'max' });
    workers.receive(1, values([['RATE', 2, 'sum'], ['PORT', 8080, 'max']]));
    workers.receive(2, values([['RATE', 3, 'sum'], ['PORT', 8080, 'max']]));
    workers.forget(1);
    expect(read()).toEqual({ RATE: 3, PORT: 8080 });
    workers.receive(2, values([['RATE', 3, 'sum']])); // its plugin stopped registering PORT
    expect(read()).toEqual({ RATE: 3, PORT: null });
    workers.forget(2);
    expect(read()).toEqual({ RATE: null, PORT: null });
    registry.stop();
  });

  it('answer from the evaluators again in a process without an indicator source (a worker, a single-process gateway)', () => {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    api.registerIndicator('lim', 'RATE', 'rate', () => 7);
    expect(api.customIndicators('lim').map((i) => [i.name, i.aggregate, i.value()])).toEqual([['RATE', 'sum', 7]]);
    registry.stop();
  });

  it("refuse malformed or oversized values without throwing, keeping the worker's last good ones, logging the 1st, 2nd, 4th…", () => {
    const { registry, workers, logger, read } = primary({ RATE: 'sum' });
    workers.receive(1, values([['RATE', 2, 'sum']]));
    const entry = (e: unknown[]): string => JSON.stringify([e]);
    const bad: unknown[] = [
      undefined,
      42,
      [['api', 'lim', 'RATE', 1, 'sum']], // not text
      'not json',
      JSON.stringify({ api: 1 }),
      entry(['api', 'lim', 'RATE', 1]),
      entry(['api', 'lim', 'RATE', '1', 'sum']),
      entry(['api', 'lim', 'RATE', 1, 'median']),
      entry(['api', 'lim', 'rate', 1, 'sum']),
      entry(['../api', 'lim', 'RATE', 1, 'sum']),
      entry(['api', '', 'RATE', 1, 'sum']),
      JSON.stringify(Array.from({ length: 100 }, (_, i) => ['api', 'lim', `R${i}`, 1, 'sum'])), // > 2000 characters
    ];
    for (const text of bad) expect(() => workers.receive(1, text)).not.toThrow();
    expect(workers.figures()).toEqual({ absorbed: 1, rejected: bad.length });
    expect(logger.errors).toHaveLength(4); // the 1st, 2nd, 4th and 8th refusal
    expect(read()).toEqual({ RATE: 2 });
    registry.stop();
  });
});
