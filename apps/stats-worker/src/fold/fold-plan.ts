import { addToGaugeFold, bucketEndSec, bucketOf, RESOLUTIONS, walkReportBody, type BinCheck, type GaugeAggregate, type GaugeFold, type ReportVisitor, type Resolution, type Retention, type SeriesLayout, type SeriesScope, type SketchParts, type TickReport } from '@gatehouse/stats-wire';
import { SketchAccumulator } from './sketch-accumulator';

/** One bucket hash the plan adds to: the batch's sketches for it, merged. */
export interface PlannedBucket {
  /** The key without the group's base (what the fold script appends to it). */
  readonly suffix: string;
  readonly key: string;
  /** EXPIREAT of the bucket, epoch seconds. */
  readonly expireAt: number;
  readonly success: SketchAccumulator | undefined;
  readonly failure: SketchAccumulator | undefined;
  /** A plugin's 5-s bucket only: the batch's fold of each of its indicators (the store merges with it; never changed there). */
  readonly gauges: ReadonlyMap<string, GaugeFold> | undefined;
}

/** A tick's sketches of one series, merged over the batch's jobs. */
interface TickSeries {
  readonly tick: number;
  readonly pipeline: string;
  readonly scope: SeriesScope;
  success: SketchAccumulator | undefined;
  failure: SketchAccumulator | undefined;
  /** A plugin's indicators, folded over the batch's nodes (a series may hold only these: a plugin that did not run). */
  gauges: Map<string, GaugeFold> | undefined;
}

/** A pipeline's series of one tick: its tasks and each plugin's runs. */
interface TickPipeline {
  tasks: TickSeries | undefined;
  readonly plugins: Map<string, TickSeries>;
}

/** A pipeline's totals to add and its catalogue entry, over the batch. */
interface PipelineSums {
  tasks: [number, number];
  lastTick: number;
  readonly plugins: Map<string, { sums: [number, number]; lastTick: number }>;
}

/**
 * What a batch of one group's reports adds to Redis, merged in memory first: jobs of the same tick
 * add to the same series, so a batch of N nodes' reports costs about one report's writes. Each
 * report is merged once, into its tick's series (maps by tick, pipeline and plugin: no key is
 * built per report); the 1-min and 1-h buckets are then merged from the batch's ticks, not from
 * every report again.
 */
export class FoldPlan {
  private readonly ticks = new Map<number, Map<string, TickPipeline>>();
  private readonly pipelines = new Map<string, PipelineSums>();
  private planned: PlannedBucket[] | undefined;
  readonly jobs: { id: string; tick: number }[] = [];

  constructor(
    private readonly layout: SeriesLayout,
    private readonly retention: Retention,
  ) {}

  /** Merges a decoded report. */
  add(jobId: string, report: TickReport): void {
    this.begin(jobId, report.tick);
    for (const p of report.pipelines) {
      this.pipeline(p.name);
      this.series(undefined, p.tasks.success, p.tasks.failure);
      for (const pl of p.plugins) {
        this.series(pl.name, pl.runs.success, pl.runs.failure);
        if (pl.gauges) for (const g of pl.gauges) this.gauge(pl.name, g.name, g.aggregate, g.value);
      }
    }
  }

  /**
   * Merges a report's raw body as it is read: no decoded report is built, and the walk reuses its
   * sketches, so a batch allocates per series, not per report. Throws MalformedReportError on a
   * fault, with what came before it merged (the caller builds the plan again without the job).
   */
  addBody(jobId: string, tick: number, body: Uint8Array, bins: BinCheck): void {
    this.begin(jobId, tick);
    walkReportBody(body, this.visitor, { bins, reuseSketches: true });
  }

  private readonly visitor: ReportVisitor = {
    pipeline: (name) => this.pipeline(name),
    series: (plugin, success, failure) => this.series(plugin, success, failure),
    gauge: (plugin, name, aggregate, value) => this.gauge(plugin, name, aggregate, value),
  };

  /** The tick, the pipeline's series and sums of the report being merged. */
  private tick = 0;
  private byPipeline: Map<string, TickPipeline> = new Map();
  private slot: TickPipeline | undefined;
  private sums: PipelineSums | undefined;
  private pipelineName = '';

  private begin(jobId: string, tick: number): void {
    this.planned = undefined;
    this.jobs.push({ id: jobId, tick });
    this.tick = tick;
    let byPipeline = this.ticks.get(tick);
    if (byPipeline === undefined) this.ticks.set(tick, (byPipeline = new Map()));
    this.byPipeline = byPipeline;
  }

  private pipeline(name: string): void {
    const tick = this.tick;
    let slot = this.byPipeline.get(name);
    if (slot === undefined) this.byPipeline.set(name, (slot = { tasks: undefined, plugins: new Map() }));
    let sums = this.pipelines.get(name);
    if (sums === undefined) this.pipelines.set(name, (sums = { tasks: [0, 0], lastTick: tick, plugins: new Map() }));
    else if (tick > sums.lastTick) sums.lastTick = tick;
    this.slot = slot;
    this.sums = sums;
    this.pipelineName = name;
  }

  private series(plugin: string | undefined, success: SketchParts | undefined, failure: SketchParts | undefined): void {
    const slot = this.slot!;
    const sums = this.sums!;
    const tick = this.tick;
    if (plugin === undefined) {
      if (success === undefined && failure === undefined) return;
      slot.tasks = addTo(slot.tasks, tick, this.pipelineName, PIPELINE_SCOPE, success, failure);
      count(sums.tasks, success, failure);
      return;
    }
    // A plugin is catalogued even in a tick it did not run.
    let ps = sums.plugins.get(plugin);
    if (ps === undefined) sums.plugins.set(plugin, (ps = { sums: [0, 0], lastTick: tick }));
    else if (tick > ps.lastTick) ps.lastTick = tick;
    if (success === undefined && failure === undefined) return;
    const series = slot.plugins.get(plugin);
    if (series === undefined) slot.plugins.set(plugin, addTo(undefined, tick, this.pipelineName, { kind: 'plugin', plugin }, success, failure));
    else addTo(series, tick, this.pipelineName, series.scope, success, failure);
    count(ps.sums, success, failure);
  }

  /** One node's value of an indicator of `plugin`, whose series (catalogued by series()) came just before; a body names an indicator once per plugin, so each job adds one node. */
  private gauge(plugin: string, name: string, aggregate: GaugeAggregate, value: number): void {
    const slot = this.slot!;
    let series = slot.plugins.get(plugin);
    if (series === undefined) slot.plugins.set(plugin, (series = addTo(undefined, this.tick, this.pipelineName, { kind: 'plugin', plugin }, undefined, undefined)));
    const gauges = (series.gauges ??= new Map());
    gauges.set(name, addToGaugeFold(gauges.get(name), aggregate, value));
  }

  /** Every bucket of every resolution the batch adds to. */
  buckets(): readonly PlannedBucket[] {
    if (this.planned !== undefined) return this.planned;
    const out: PlannedBucket[] = [];
    // Each resolution is merged from the one below it: 5-s buckets are the ticks themselves.
    let level: TickSeries[] = [];
    for (const byPipeline of this.ticks.values()) {
      for (const slot of byPipeline.values()) {
        if (slot.tasks) level.push(slot.tasks);
        for (const t of slot.plugins.values()) level.push(t);
      }
    }
    for (const res of RESOLUTIONS) {
      if (res.ticks > 1) level = this.rollUp(level, res);
      for (const t of level) {
        const bucket = bucketOf(t.tick, res);
        const key = this.layout.bucketKey(res.name, bucket, t.pipeline, t.scope);
        out.push({
          key,
          suffix: key.slice(this.layout.base.length),
          expireAt: Math.ceil(bucketEndSec(bucket, res) + this.retention[res.name]),
          success: t.success,
          failure: t.failure,
          // Indicator values are a tick's: they are kept in 5-s buckets only.
          gauges: res.ticks === 1 ? t.gauges : undefined,
        });
      }
    }
    this.planned = out;
    return out;
  }

  /** Series totals to add: `[successes, failures]` by total key suffix. */
  totalsToAdd(): Map<string, readonly [number, number]> {
    const out = new Map<string, readonly [number, number]>();
    const suffix = (key: string): string => key.slice(this.layout.base.length);
    for (const [pipeline, sums] of this.pipelines) {
      if (sums.tasks[0] + sums.tasks[1] > 0) out.set(suffix(this.layout.totalKey(pipeline, PIPELINE_SCOPE)), sums.tasks);
      for (const [plugin, ps] of sums.plugins) {
        if (ps.sums[0] + ps.sums[1] > 0) out.set(suffix(this.layout.totalKey(pipeline, { kind: 'plugin', plugin })), ps.sums);
      }
    }
    return out;
  }

  /** Catalogue entries to raise to a tick: pipelines, and each pipeline's plugins. */
  catalogEntries(): { suffix: string; field: string; tick: number }[] {
    const base = this.layout.base.length;
    const out: { suffix: string; field: string; tick: number }[] = [];
    for (const [pipeline, sums] of this.pipelines) {
      out.push({ suffix: this.layout.catalogKey.slice(base), field: pipeline, tick: sums.lastTick });
      const plugins = this.layout.pluginsKey(pipeline).slice(base);
      for (const [plugin, ps] of sums.plugins) out.push({ suffix: plugins, field: plugin, tick: ps.lastTick });
    }
    return out;
  }

  /** Series of `res`: the lower level's series merged by bucket (labelled with their first tick). */
  private rollUp(lower: readonly TickSeries[], res: Resolution): TickSeries[] {
    const merged = new Map<string, TickSeries>();
    for (const t of lower) {
      // A series of indicators only (a plugin that did not run) rolls nothing up: no empty bucket.
      if (t.success === undefined && t.failure === undefined) continue;
      const id = `${bucketOf(t.tick, res)}\n${t.pipeline}\n${this.layout.scopeName(t.scope)}`;
      let m = merged.get(id);
      if (m === undefined) merged.set(id, (m = { tick: t.tick, pipeline: t.pipeline, scope: t.scope, success: undefined, failure: undefined, gauges: undefined }));
      if (t.success) (m.success ??= new SketchAccumulator()).add(t.success);
      if (t.failure) (m.failure ??= new SketchAccumulator()).add(t.failure);
    }
    return [...merged.values()];
  }
}

const PIPELINE_SCOPE: SeriesScope = { kind: 'pipeline' };

function addTo(t: TickSeries | undefined, tick: number, pipeline: string, scope: SeriesScope, success: SketchParts | undefined, failure: SketchParts | undefined): TickSeries {
  t ??= { tick, pipeline, scope, success: undefined, failure: undefined, gauges: undefined };
  if (success) (t.success ??= new SketchAccumulator()).add(success);
  if (failure) (t.failure ??= new SketchAccumulator()).add(failure);
  return t;
}

function count(sums: [number, number], success: SketchParts | undefined, failure: SketchParts | undefined): void {
  sums[0] += success?.count ?? 0;
  sums[1] += failure?.count ?? 0;
}
