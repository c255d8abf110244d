import { encodeReport, TICK_MS, type EncodedReport, type ReportInput, type SeriesInput } from '@gatehouse/stats-wire';
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
    const pipelines: ReportInput['pipelines'][number][] = [];
    for (const p of this.registry.all()) {
      const tasks = seriesDelta(p.pipeline);
      const plugins: { name: string; runs: SeriesInput }[] = [];
      for (const name of p.pluginNames()) {
        const runs = seriesDelta(p.pluginSeries(name));
        if (runs !== undefined) plugins.push({ name, runs });
      }
      if (tasks !== undefined || plugins.length > 0) pipelines.push({ name: p.pipelineName, tasks: tasks ?? {}, plugins });
    }
    if (pipelines.length === 0) return undefined;
    return encodeReport({ group: this.group, node: this.node, tick, pipelines });
  }
}

function seriesDelta(s: ExecutionSeries): SeriesInput | undefined {
  const success = s.successTimes.lastSealed;
  const failure = s.failureTimes.lastSealed;
  if ((success?.count ?? 0) === 0 && (failure?.count ?? 0) === 0) return undefined;
  return { success, failure };
}
