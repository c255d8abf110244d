import { ManualClock } from '../../src/engine/clock';
import { silentLogger } from '../../src/engine/logger';
import { StatisticsRegistry } from '../../src/engine/statistics/statistics-registry';
import { collectIndicatorValues } from '../../src/workers/indicator-values';
import { WorkerIndicators } from '../../src/workers/worker-indicators';

/** A pipeline's load as its counters hold it; tests move the figures. */
function counters(inFlight: number, waitQueueLength: number): { inFlight: () => number; waitQueueLength: () => number; set: (f: number, q: number) => void } {
  const c = { inFlight, waitQueueLength };
  return { inFlight: () => c.inFlight, waitQueueLength: () => c.waitQueueLength, set: (f, q) => Object.assign(c, { inFlight: f, waitQueueLength: q }) };
}

/** What a worker with pipeline `api` at this load sends to the primary. */
function workerValues(inFlight: number, waitQueueLength: number): string {
  const registry = new StatisticsRegistry(new ManualClock());
  registry.create('api').trackLoad(counters(inFlight, waitQueueLength));
  const text = JSON.stringify(collectIndicatorValues(registry));
  registry.stop();
  return text;
}

describe("a pipeline's in-flight and wait-queue figures", () => {
  it('without workers are its own counters', () => {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    const load = counters(3, 2);
    api.trackLoad(load);
    expect([api.inFlight(), api.waitQueueLength()]).toEqual([3, 2]);
    load.set(0, 0);
    expect([api.inFlight(), api.waitQueueLength()]).toEqual([0, 0]);
    registry.stop();
  });

  it('go from a worker to the primary with its indicator values, an idle pipeline sending nothing', () => {
    expect(JSON.parse(workerValues(4, 1))).toEqual([
      ['api', '', 'IN_FLIGHT', 4, 'sum'],
      ['api', '', 'WAIT_QUEUE_LENGTH', 1, 'sum'],
    ]);
    expect(JSON.parse(workerValues(0, 0))).toEqual([]);
  });

  it("on a primary with workers are the workers' summed, not its own; a worker that leaves takes its share", () => {
    const registry = new StatisticsRegistry(new ManualClock());
    const api = registry.create('api');
    // The primary's own pipeline: any figure it shows would be its idle instance's, not the host's.
    api.trackLoad(counters(100, 100));
    const workers = new WorkerIndicators(silentLogger);
    registry.readIndicatorsFrom(workers);
    expect([api.inFlight(), api.waitQueueLength()]).toEqual([0, 0]);

    workers.receive(1, workerValues(3, 0));
    workers.receive(2, workerValues(4, 2));
    expect([api.inFlight(), api.waitQueueLength()]).toEqual([7, 2]);

    // A worker's next tick replaces its figures; an idle one sends none and counts 0.
    workers.receive(2, workerValues(0, 0));
    expect([api.inFlight(), api.waitQueueLength()]).toEqual([3, 0]);
    workers.receive(2, workerValues(5, 1));
    workers.forget(1);
    expect([api.inFlight(), api.waitQueueLength()]).toEqual([5, 1]);
    expect(api.ownLoad()).toEqual({ inFlight: 100, waitQueueLength: 100 });
    registry.stop();
  });

  it('only the empty plugin name carries the load, and it carries nothing else', () => {
    const workers = new WorkerIndicators(silentLogger);
    workers.receive(1, JSON.stringify([['api', 'in', 'IN_FLIGHT', 9, 'sum']]));
    expect(workers.value('api', '', 'IN_FLIGHT')).toBeNull();
    workers.receive(1, JSON.stringify([['api', '', 'RATE', 9, 'sum']]));
    expect(workers.figures()).toEqual({ absorbed: 1, rejected: 1 });
  });
});
