import { encodeSketch, REPORT_VERSION, TICK_MS, type EncodedPipeline, type EncodedReport, type EncodedSeries } from '@gatehouse/stats-wire';
import type { ExecutionSeries } from '../engine/statistics/execution-series';
import type { StatisticsRegistry } from '../engine/statistics/statistics-registry';

/**
 * Builds the report of the tick that just ended from the slots it sealed: per pipeline and per
 * plugin, the tick's success and failure sketches (their counts are the tick's counts). Runs in
 * the tick listener; it only reads what the tick already sealed, so the request path pays
 * nothing. Series without a sample this tick are left out.
 */
export class TickReportBuilder {
  private lastTick = -1;

  constructor(
    private readonly registry: StatisticsRegistry,
    private readonly group: string,
    private readonly node: string,
    /** Wall clock, ms (ticks are labelled in wall time so nodes' reports line up). */
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** The report of the tick that just ended; `undefined` when nothing ran during it. */
  build(): EncodedReport | undefined {
    // ⌊wall / 5 s⌋, never repeating even when a timer fires early: the tick is the job's identity.
    let tick = Math.floor(this.wallNow() / TICK_MS);
    if (tick <= this.lastTick) tick = this.lastTick + 1;
    this.lastTick = tick;
    const pipelines: EncodedPipeline[] = [];
    for (const p of this.registry.all()) {
      const tasks = seriesDelta(p.pipeline);
      const plugins: [string, EncodedSeries][] = [];
      for (const name of p.pluginNames()) {
        const runs = seriesDelta(p.pluginSeries(name));
        if (runs !== undefined) plugins.push([name, runs]);
      }
      if (tasks !== undefined || plugins.length > 0) pipelines.push([p.pipelineName, tasks ?? [0, 0], plugins]);
    }
    if (pipelines.length === 0) return undefined;
    return { v: REPORT_VERSION, g: this.group, n: this.node, t: tick, p: pipelines };
  }
}

function seriesDelta(s: ExecutionSeries): EncodedSeries | undefined {
  const ok = encodeSketch(s.successTimes.lastSealed);
  const failed = encodeSketch(s.failureTimes.lastSealed);
  return ok === 0 && failed === 0 ? undefined : [ok, failed];
}
