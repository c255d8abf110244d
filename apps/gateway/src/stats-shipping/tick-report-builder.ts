import { encodeReport, encodeReportBody, GAUGE_LIMITS, TICK_MS, type EncodedReport, type PluginGauge, type ReportInput, type SeriesInput } from '@gatehouse/stats-wire';
import { silentLogger, type Logger } from '../engine/logger';
import type { ExecutionSeries } from '../engine/statistics/execution-series';
import type { PipelineStatistics } from '../engine/statistics/pipeline-statistics';
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

/** What a builder puts in its reports beyond the sealed slots. */
export interface TickReportOptions {
  /**
   * Ship each plugin's registered indicators (their values when the tick ended) for the group's
   * cluster statistics: stats shipping does; a worker's reports to its primary do not — the
   * primary gets those values through its own message. @default false
   */
  pluginIndicators?: boolean;
  /** Where a plugin with more indicators than a report carries is logged (once per plugin). */
  logger?: Logger;
}

/**
 * Builds the report of the tick that just ended from the slots it sealed: per pipeline and per
 * plugin, the tick's success and failure sketches (their counts are the tick's counts). Runs in
 * the tick listener; it only reads what the tick already sealed, so the request path pays
 * nothing. Series without a sample this tick are left out — except, with `pluginIndicators`, a
 * plugin that registered indicators: it goes every tick with their values, run or not, so the
 * group always has current ones (a node with such a plugin ships a report every tick).
 */
export class TickReportBuilder {
  private lastTick = -1;
  private readonly pluginIndicators: boolean;
  private readonly logger: Logger;
  /** `pipeline/plugin` of the plugins already logged for too many indicators. */
  private readonly overLimitLogged = new Set<string>();

  constructor(
    private readonly registry: StatisticsRegistry,
    private readonly group: string,
    private readonly node: string,
    /** Wall clock, ms (ticks are labelled in wall time so nodes' reports line up). */
    private readonly wallNow: () => number = Date.now,
    options: TickReportOptions = {},
  ) {
    this.pluginIndicators = options.pluginIndicators ?? false;
    this.logger = options.logger ?? silentLogger;
  }

  /** The raw body of the tick that just ended, for stats shipping; `undefined` when nothing ran during it and nothing has indicators to ship. */
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
      const plugins: { name: string; runs: SeriesInput; gauges?: PluginGauge[] | undefined }[] = [];
      for (const name of p.pluginNames()) {
        const runs = seriesDelta(p.pluginSeries(name));
        const gauges = this.pluginIndicators ? this.gauges(p, name) : [];
        if (runs !== undefined || gauges.length > 0) plugins.push({ name, runs: runs ?? {}, gauges: gauges.length > 0 ? gauges : undefined });
      }
      if (tasks !== undefined || plugins.length > 0) pipelines.push({ name: p.pipelineName, tasks: tasks ?? {}, plugins });
    }
    if (pipelines.length === 0) return undefined;
    return { group: this.group, node: this.node, tick, pipelines };
  }

  /**
   * `plugin`'s indicator values now — on a primary with workers, the workers' combined, which is
   * the host's. Nulls (nothing to report) are left out. Over the limit a report carries, the
   * first by name go: the same ones every tick and on every node, so the group's folds stay whole.
   */
  private gauges(p: PipelineStatistics, plugin: string): PluginGauge[] {
    const all = p.customIndicators(plugin);
    let indicators = all;
    if (all.length > GAUGE_LIMITS.perPlugin) {
      indicators = [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, GAUGE_LIMITS.perPlugin);
      const key = `${p.pipelineName}/${plugin}`;
      if (!this.overLimitLogged.has(key)) {
        this.overLimitLogged.add(key);
        this.logger.warn(
          { pipeline: p.pipelineName, plugin, indicators: all.length, shipped: GAUGE_LIMITS.perPlugin },
          `plugin has more indicators than a stats report carries; the cluster statistics get the first ${GAUGE_LIMITS.perPlugin} by name`,
        );
      }
    }
    const out: PluginGauge[] = [];
    for (const i of indicators) {
      const value = i.value();
      if (value !== null && Number.isFinite(value)) out.push({ name: i.name, aggregate: i.aggregate, value });
    }
    return out;
  }
}

function seriesDelta(s: ExecutionSeries): SeriesInput | undefined {
  const success = s.successTimes.lastSealed;
  const failure = s.failureTimes.lastSealed;
  if ((success?.count ?? 0) === 0 && (failure?.count ?? 0) === 0) return undefined;
  return { success, failure };
}
