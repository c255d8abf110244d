import { countOfField, decodeBucketGauges, GAUGE_FIELD, LatencySketch, NAME_PATTERN, partsFromHash, SeriesLayout, TICK_MS, type GaugeFold, type SeriesScope } from '@gatehouse/stats-wire';
import type { Redis } from 'ioredis';
import { GatewayError } from '../errors';
import { ClusterSeries } from './cluster-series';
import { newestCompleteFolds } from './newest-complete-folds';

/**
 * 5-s buckets replayed into the rate EWMAs: 1 h, enough for the 15-min average to settle (e⁻⁴),
 * up to the current one — every report in it is a tick its node completed.
 */
const RATE_HISTORY_TICKS = 720;
/** Buckets of the latency window, and those plugin indicators are read from: 30 s, the newest one still filling. */
export const WINDOW_TICKS = 6;
/** Names seen within this many ticks are listed (the 5-s retention). */
const LISTED_TICKS = 1440;

/** One point of the chart range: a 5-s bucket of the whole group. */
export interface RangePoint {
  /** Bucket start, epoch ms. */
  t: number;
  success: number;
  failure: number;
  /** Executions per second in the bucket. */
  rate: number;
  p50_ns: number | null;
  p90_ns: number | null;
  p99_ns: number | null;
  max_ns: number | null;
}

/**
 * Reads the series the stats worker folded (layout: `@gatehouse/stats-wire`). Every read is one
 * pipelined round trip; Redis down is GW_STATS_UNAVAILABLE, an unknown group, pipeline or plugin
 * GW_NOT_FOUND naming which.
 */
export class ClusterSeriesReader {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** Pipelines the group's nodes reported within the 5-s retention, sorted. */
  async pipelines(group: string): Promise<string[]> {
    const layout = this.layout(group);
    const names = recent(await this.call(() => this.redis.hgetall(layout.catalogKey)), this.tick());
    if (names.length === 0) throw new GatewayError('GW_NOT_FOUND', `no statistics of group ${group}`, { field: 'group' });
    return names;
  }

  /** Plugins of `pipeline` the group's nodes reported, sorted; checks the pipeline exists. */
  async plugins(group: string, pipeline: string): Promise<string[]> {
    await this.checkPipeline(group, pipeline);
    return recent(await this.call(() => this.redis.hgetall(this.layout(group).pluginsKey(pipeline))), this.tick());
  }

  /** Throws GW_NOT_FOUND unless the group reported `pipeline` (and `plugin` in it). */
  async checkScope(group: string, pipeline: string, scope: SeriesScope): Promise<void> {
    if (scope.kind === 'pipeline') return this.checkPipeline(group, pipeline);
    const plugins = await this.plugins(group, pipeline);
    if (!plugins.includes(scope.plugin)) throw new GatewayError('GW_NOT_FOUND', `plugin ${scope.plugin} not found in pipeline ${pipeline} of group ${group}`, { field: 'plugin' });
  }

  /** The group's series of `pipeline`/`scope` now. */
  async series(group: string, pipeline: string, scope: SeriesScope): Promise<ClusterSeries> {
    return (await this.read(group, pipeline, scope)).series;
  }

  /**
   * The group's folds of `plugin`'s registered indicators: per name, the newest complete tick of
   * the last 30 s (`newestCompleteFolds`); names no node reported in that time are absent.
   */
  async pluginGauges(group: string, pipeline: string, plugin: string): Promise<Map<string, GaugeFold>> {
    const scope: SeriesScope = { kind: 'plugin', plugin };
    await this.checkScope(group, pipeline, scope);
    const layout = this.layout(group);
    const now = this.tick();
    const m = this.redis.multi();
    for (let t = now - WINDOW_TICKS + 1; t <= now; t++) m.hgetBuffer(layout.bucketKey('5s', t, pipeline, scope), GAUGE_FIELD);
    return newestCompleteFolds((await this.exec(m)).map((r) => decodeBucketGauges(r as Buffer | null)));
  }

  /** `plugin`'s series and its indicator folds (as `pluginGauges`), from one read. */
  pluginSeriesAndGauges(group: string, pipeline: string, plugin: string): Promise<{ series: ClusterSeries; gauges: Map<string, GaugeFold> }> {
    return this.read(group, pipeline, { kind: 'plugin', plugin });
  }

  private async read(group: string, pipeline: string, scope: SeriesScope): Promise<{ series: ClusterSeries; gauges: Map<string, GaugeFold> }> {
    await this.checkScope(group, pipeline, scope);
    const layout = this.layout(group);
    const now = this.tick();
    const m = this.redis.multi();
    for (let t = now - RATE_HISTORY_TICKS + 1; t <= now; t++) m.hmgetBuffer(layout.bucketKey('5s', t, pipeline, scope), 's', 'f');
    for (let t = now - WINDOW_TICKS + 1; t <= now; t++) m.hgetallBuffer(layout.bucketKey('5s', t, pipeline, scope));
    m.hmget(layout.totalKey(pipeline, scope), 's.n', 'f.n');
    const replies = await this.exec(m);
    const history = replies.slice(0, RATE_HISTORY_TICKS).map((r) => {
      const [s, f] = r as (Buffer | null)[];
      return { success: countOfField(s), failure: countOfField(f) };
    });
    // Replay from the first bucket with data, as a node's meter starts at its first tick.
    const first = history.findIndex((b) => b.success + b.failure > 0);
    const success = new LatencySketch();
    const failure = new LatencySketch();
    const gauges: Map<string, GaugeFold>[] = [];
    for (const r of replies.slice(RATE_HISTORY_TICKS, RATE_HISTORY_TICKS + WINDOW_TICKS)) {
      const hash = r as Record<string, Buffer>;
      const s = partsFromHash(hash, 's');
      const f = partsFromHash(hash, 'f');
      if (s) success.merge(LatencySketch.fromParts(s));
      if (f) failure.merge(LatencySketch.fromParts(f));
      gauges.push(decodeBucketGauges(hash[GAUGE_FIELD]));
    }
    const all = new LatencySketch();
    all.merge(success);
    all.merge(failure);
    const [ts, tf] = replies[replies.length - 1] as (string | null)[];
    const series = new ClusterSeries({
      history: first < 0 ? [] : history.slice(first),
      totals: { success: Number(ts ?? 0), failure: Number(tf ?? 0) },
      window: { success, failure, all },
    });
    return { series, gauges: newestCompleteFolds(gauges) };
  }

  /** The last `minutes` of `pipeline`/`scope` at 5-s resolution, oldest first (charts). */
  async range(group: string, pipeline: string, scope: SeriesScope, minutes: number): Promise<{ step_sec: number; points: RangePoint[] }> {
    await this.checkScope(group, pipeline, scope);
    const layout = this.layout(group);
    const now = this.tick();
    const n = (minutes * 60 * 1000) / TICK_MS;
    const m = this.redis.multi();
    for (let t = now - n + 1; t <= now; t++) m.hgetallBuffer(layout.bucketKey('5s', t, pipeline, scope));
    const replies = await this.exec(m);
    const points = replies.map((r, i): RangePoint => {
      const hash = r as Record<string, Buffer>;
      const s = partsFromHash(hash, 's');
      const f = partsFromHash(hash, 'f');
      const all = new LatencySketch();
      if (s) all.merge(LatencySketch.fromParts(s));
      if (f) all.merge(LatencySketch.fromParts(f));
      const q = (x: number): number | null => (all.count === 0 ? null : Math.round(all.quantile(x)));
      return {
        t: (now - n + 1 + i) * TICK_MS,
        success: s?.count ?? 0,
        failure: f?.count ?? 0,
        rate: all.count / (TICK_MS / 1000),
        p50_ns: q(0.5),
        p90_ns: q(0.9),
        p99_ns: q(0.99),
        max_ns: all.count === 0 ? null : Math.round(all.max),
      };
    });
    return { step_sec: TICK_MS / 1000, points };
  }

  private async checkPipeline(group: string, pipeline: string): Promise<void> {
    const names = await this.pipelines(group);
    if (!names.includes(pipeline)) throw new GatewayError('GW_NOT_FOUND', `pipeline ${pipeline} not found in group ${group}`, { field: 'pipeline' });
  }

  private layout(group: string): SeriesLayout {
    if (!NAME_PATTERN.test(group)) throw new GatewayError('GW_NOT_FOUND', `no statistics of group ${group.slice(0, 64)}`, { field: 'group' });
    return new SeriesLayout(group, this.prefix);
  }

  private tick(): number {
    return Math.floor(this.wallNow() / TICK_MS);
  }

  private async exec(m: ReturnType<Redis['multi']>): Promise<unknown[]> {
    const replies = await this.call(() => m.exec());
    if (replies === null) throw unavailable(new Error('transaction aborted'));
    return replies.map(([err, value]) => {
      if (err) throw unavailable(err);
      return value;
    });
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw unavailable(err);
    }
  }
}

function unavailable(cause: unknown): GatewayError {
  return new GatewayError('GW_STATS_UNAVAILABLE', 'the cluster statistics cannot be read: their Redis is unreachable', { cause });
}

function recent(hash: Record<string, string>, now: number): string[] {
  return Object.entries(hash)
    .filter(([, tick]) => Number(tick) >= now - LISTED_TICKS)
    .map(([name]) => name)
    .sort();
}
