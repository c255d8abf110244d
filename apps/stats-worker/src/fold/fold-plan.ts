import { bucketEndSec, bucketOf, RESOLUTIONS, type Resolution, type Retention, type SeriesDelta, type SeriesLayout, type SeriesScope, type TickReport } from '@gatehouse/stats-wire';
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
}

/** A tick's sketches of one series, merged over the batch's jobs. */
interface TickSeries {
  readonly tick: number;
  readonly pipeline: string;
  readonly scope: SeriesScope;
  success: SketchAccumulator | undefined;
  failure: SketchAccumulator | undefined;
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

  add(jobId: string, report: TickReport): void {
    this.planned = undefined;
    const tick = report.tick;
    this.jobs.push({ id: jobId, tick });
    let byPipeline = this.ticks.get(tick);
    if (byPipeline === undefined) this.ticks.set(tick, (byPipeline = new Map()));
    for (const p of report.pipelines) {
      let slot = byPipeline.get(p.name);
      if (slot === undefined) byPipeline.set(p.name, (slot = { tasks: undefined, plugins: new Map() }));
      let sums = this.pipelines.get(p.name);
      if (sums === undefined) this.pipelines.set(p.name, (sums = { tasks: [0, 0], lastTick: tick, plugins: new Map() }));
      else if (tick > sums.lastTick) sums.lastTick = tick;
      if (hasSamples(p.tasks)) {
        slot.tasks = addTo(slot.tasks, tick, p.name, PIPELINE_SCOPE, p.tasks);
        count(sums.tasks, p.tasks);
      }
      for (const pl of p.plugins) {
        let ps = sums.plugins.get(pl.name);
        if (ps === undefined) sums.plugins.set(pl.name, (ps = { sums: [0, 0], lastTick: tick }));
        else if (tick > ps.lastTick) ps.lastTick = tick;
        if (!hasSamples(pl.runs)) continue;
        const series = slot.plugins.get(pl.name);
        if (series === undefined) slot.plugins.set(pl.name, addTo(undefined, tick, p.name, { kind: 'plugin', plugin: pl.name }, pl.runs));
        else addTo(series, tick, p.name, series.scope, pl.runs);
        count(ps.sums, pl.runs);
      }
    }
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
      const id = `${bucketOf(t.tick, res)}\n${t.pipeline}\n${this.layout.scopeName(t.scope)}`;
      let m = merged.get(id);
      if (m === undefined) merged.set(id, (m = { tick: t.tick, pipeline: t.pipeline, scope: t.scope, success: undefined, failure: undefined }));
      if (t.success) (m.success ??= new SketchAccumulator()).add(t.success);
      if (t.failure) (m.failure ??= new SketchAccumulator()).add(t.failure);
    }
    return [...merged.values()];
  }
}

const PIPELINE_SCOPE: SeriesScope = { kind: 'pipeline' };

function hasSamples(d: SeriesDelta): boolean {
  return d.success !== undefined || d.failure !== undefined;
}

function addTo(t: TickSeries | undefined, tick: number, pipeline: string, scope: SeriesScope, d: SeriesDelta): TickSeries {
  t ??= { tick, pipeline, scope, success: undefined, failure: undefined };
  if (d.success) (t.success ??= new SketchAccumulator()).add(d.success);
  if (d.failure) (t.failure ??= new SketchAccumulator()).add(d.failure);
  return t;
}

function count(sums: [number, number], d: SeriesDelta): void {
  sums[0] += d.success?.count ?? 0;
  sums[1] += d.failure?.count ?? 0;
}
