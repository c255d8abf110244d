import { encodeReport, encodeReportBody, TICK_MS, type EncodedReport, type ReportInput, type SeriesInput } from '@gatehouse/stats-wire';
import type { ExecutionSeries } from '../engine/statistics/execution-series';
import type { StatisticsRegistry } from '../engine/statistics/statistics-registry';

/**
 * One tick's report as the shipper keeps it: its name in the clear, its body raw (a version-2
 * body, `encodeReportBody`) — smaller in the buffer than base64, and what goes to the body key.
 */
export interface ReportBody {
  group: string;
  node: string;
  tick: number;
  body: Buffer;
}

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

  /** The raw body of the tick that just ended, for stats shipping; `undefined` when nothing ran during it. */
  buildBody(): ReportBody | undefined {
    const input = this.input();
    return input === undefined ? undefined : { group: input.group, node: input.node, tick: input.tick, body: encodeReportBody(input) };
  }

  /**
   * The tick that just ended as version-2 job data (body in base64), for the workers' reports to
   * their primary (`WorkerTickReports`), which travel as JSON; `undefined` when nothing ran.
   */
  build(): EncodedReport | undefined {
    const input = this.input();
    return input === undefined ? undefined : encodeReport(input);
  }

  private input(): ReportInput | undefined {
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
    return { group: this.group, node: this.node, tick, pipelines };
  }
}

function seriesDelta(s: ExecutionSeries): SeriesInput | undefined {
  const success = s.successTimes.lastSealed;
  const failure = s.failureTimes.lastSealed;
  if ((success?.count ?? 0) === 0 && (failure?.count ?? 0) === 0) return undefined;
  return { success, failure };
}
