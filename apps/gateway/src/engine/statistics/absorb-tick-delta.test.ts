import { decodeReport, type EncodedReport } from '@gatehouse/stats-wire';
import { TickReportBuilder } from '../../stats-shipping/tick-report-builder';
import { ManualClock } from '../clock';
import type { ExecutionSeries } from './execution-series';
import { bindIndicators, SERIES_INDICATORS } from './indicators';
import type { PipelineStatistics } from './pipeline-statistics';
import { StatisticsRegistry } from './statistics-registry';

const TICK = 5000;

/** Every built-in indicator of a series, by name. */
function indicators(s: ExecutionSeries): Record<string, number | null> {
  return Object.fromEntries(bindIndicators(SERIES_INDICATORS, s).map((i) => [i.name, i.value()]));
}

/** Equal up to float noise: sums and M2 travel rounded to whole ns (ns²), so means may differ by < 1. */
function expectSameIndicators(actual: ExecutionSeries, expected: ExecutionSeries): void {
  const a = indicators(actual);
  const e = indicators(expected);
  expect(Object.keys(a)).toEqual(Object.keys(e));
  for (const [name, v] of Object.entries(e)) {
    if (v === null) expect([name, a[name]]).toEqual([name, null]);
    else {
      const close = Math.abs(a[name]! - v) <= Math.max(1, Math.abs(v) * 1e-9);
      expect({ name, value: close ? v : a[name] }).toEqual({ name, value: v });
    }
  }
  expect(Array.from(actual.successTotal?.counts ?? [])).toEqual(Array.from(expected.successTotal?.counts ?? []));
  expect(Array.from(actual.failureTotal?.counts ?? [])).toEqual(Array.from(expected.failureTotal?.counts ?? []));
}

/** A data-plane worker's registry that hands each tick's report, through JSON, to `deliver`. */
function worker(clock: ManualClock, deliver: (report: unknown) => void): { registry: StatisticsRegistry; api: PipelineStatistics } {
  const registry = new StatisticsRegistry(clock);
  registry.alignTicks(TICK / 2);
  const api = registry.create('api');
  registry.create('idle');
  const builder = new TickReportBuilder(registry, 'host', `w${Math.random().toString(36).slice(2, 8)}`, () => clock.now());
  registry.ticked.add('to the primary', () => {
    const report: EncodedReport | undefined = builder.build();
    if (report !== undefined) deliver(JSON.parse(JSON.stringify(report)));
  });
  return { registry, api };
}

describe('absorbing another process\'s tick deltas (GATEWAY_WORKERS aggregation)', () => {
  it('gives the same indicators as one process recording every sample, one half-tick later', () => {
    const clock = new ManualClock();
    // The primary ticks at 5 s, 10 s…; the workers and the single process that stands for all
    // of them tick half a period earlier (2.5 s, 7.5 s…).
    const primary = new StatisticsRegistry(clock);
    const primaryApi = primary.create('api');
    primaryApi.pluginSeries('limiter');
    primaryApi.pluginSeries('backend');
    const single = new StatisticsRegistry(clock);
    single.alignTicks(TICK / 2);
    const singleApi = single.create('api');
    // A running pipeline's snapshot makes its plugins' series before the first run.
    singleApi.pluginSeries('limiter');
    singleApi.pluginSeries('backend');
    const unknown: number[] = [];
    const workers = [0, 1].map(() => worker(clock, (r) => unknown.push(primary.absorb(decodeReport(r).pipelines))));

    let seed = 7;
    const random = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let k = 0; k < 40; k++) {
      // Traffic lands between the primary's tick and the workers' next one; some ticks are quiet.
      clock.advance(100);
      const samples = k % 9 === 4 ? 0 : Math.floor(random() * 200);
      for (let i = 0; i < samples; i++) {
        const ns = Math.round(2e5 + random() * random() * 5e8);
        const ok = random() > 0.1;
        const w = workers[i % 2]!.api;
        for (const s of [w, singleApi]) {
          s.pipeline.record(ns, ok);
          s.pluginSeries('limiter').record(Math.round(ns / 100), true);
          if (ok || i % 3 === 0) s.pluginSeries('backend').record(Math.round(ns * 0.9), ok);
        }
      }
      clock.advance(TICK - 100); // the workers ticked at 2.5 s into this; the primary ticks now
      expectSameIndicators(primaryApi.pipeline, singleApi.pipeline);
      expectSameIndicators(primaryApi.pluginSeries('limiter'), singleApi.pluginSeries('limiter'));
      expectSameIndicators(primaryApi.pluginSeries('backend'), singleApi.pluginSeries('backend'));
    }
    expect(singleApi.pipeline.count()).toBeGreaterThan(3000);
    expect(primaryApi.pipeline.rate(1)).toBeGreaterThan(0);
    expect(primaryApi.pipeline.count('failure')).toBeGreaterThan(0);
    expect(unknown.every((n) => n === 0)).toBe(true);
    for (const r of [primary, single, ...workers.map((w) => w.registry)]) r.stop();
  });

  it('counts at once, and shows rates and latency at its own next tick', () => {
    const clock = new ManualClock();
    const primary = new StatisticsRegistry(clock);
    const api = primary.create('api');
    const w = worker(clock, (r) => primary.absorb(decodeReport(r).pipelines));
    for (let i = 0; i < 50; i++) w.api.pipeline.record(1e6, i % 5 !== 0);
    clock.advance(TICK / 2); // the worker's tick: sent and absorbed
    expect(api.pipeline.count()).toBe(50);
    expect(api.pipeline.count('failure')).toBe(10);
    expect(api.pipeline.rate(1)).toBe(0);
    expect(api.pipeline.latency().count).toBe(0);
    clock.advance(TICK / 2); // the primary's tick seals the absorbed slot
    expect(api.pipeline.rate(1)).toBeCloseTo(50 / 5, 12);
    expect(api.pipeline.rate(1, 'success')).toBeCloseTo(40 / 5, 12);
    expect(api.pipeline.latency().count).toBe(50);
    expect(api.pipeline.latency('failure').count).toBe(10);
    expect(api.pipeline.successTotal?.count).toBe(40);
    for (const r of [primary, w.registry]) r.stop();
  });

  it('ignores pipelines and plugins it does not have, and tells no sample listener', () => {
    const clock = new ManualClock();
    const primary = new StatisticsRegistry(clock);
    const api = primary.create('api');
    api.pluginSeries('known');
    const heard: number[] = [];
    api.onExecutionSample('known', 'breaker', (ns) => heard.push(ns));
    const worker = new StatisticsRegistry(clock);
    const wApi = worker.create('api');
    const wGone = worker.create('gone');
    wApi.pluginSeries('known').record(1e6, true);
    wApi.pluginSeries('removed').record(1e6, true);
    wGone.pipeline.record(1e6, true);
    worker.tick();
    const report = decodeReport(new TickReportBuilder(worker, 'host', 'w1').build());
    expect(primary.absorb(report.pipelines)).toBe(1);
    expect(api.plugin('known')!.count()).toBe(1);
    expect(api.plugin('removed')).toBeUndefined();
    expect(api.pipeline.count()).toBe(0);
    expect(heard).toEqual([]);
    expect(primary.get('gone')).toBeUndefined();
    primary.stop();
    worker.stop();
  });
});

describe('the tick grid', () => {
  it('says when it ticks next, and moves to tick a given time from now', () => {
    const clock = new ManualClock();
    clock.advance(1234);
    const reg = new StatisticsRegistry(clock);
    expect(reg.msUntilTick()).toBe(TICK);
    clock.advance(7000); // no pipeline, no timer: the grid still runs
    expect(reg.msUntilTick()).toBe(3000);
    reg.alignTicks(-1000); // modulo 5 s: 4 s from now
    expect(reg.msUntilTick()).toBe(4000);
    let ticks = 0;
    reg.ticked.add('count', () => ticks++);
    reg.create('p');
    clock.advance(3999);
    expect(ticks).toBe(0);
    clock.advance(1);
    expect(ticks).toBe(1);
    reg.alignTicks(1000); // re-aligns a running timer
    clock.advance(999);
    expect(ticks).toBe(1);
    clock.advance(1);
    expect(ticks).toBe(2);
    expect(reg.msUntilTick()).toBe(TICK);
    expect(clock.pending()).toBe(1);
    reg.stop();
  });
});
