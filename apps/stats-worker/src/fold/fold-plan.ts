import { bucketEndSec, bucketOf, RESOLUTIONS, type Retention, type SeriesDelta, type SeriesLayout, type SeriesScope, type SketchParts, type TickReport } from '@gatehouse/stats-wire';

/** One result's figures merged over the jobs of a batch. */
interface ResultSum {
  n: number;
  sum: number;
  m2: number;
  min: number;
  max: number;
  zero: number;
  bins: Map<number, number>;
}

interface BucketOp {
  expireAt: number;
  s?: ResultSum;
  f?: ResultSum;
}

/**
 * The Redis writes of a batch of one group's reports, merged in memory first: jobs of the same
 * tick touch the same bucket hashes, so a batch of N nodes' reports costs about one report's
 * writes (bins add, min/max keep the extreme, M2 merges by Chan's formula — the same rules the
 * Lua script applies against what Redis holds). `args` renders it for `fold-1.lua`.
 */
export class FoldPlan {
  private readonly buckets = new Map<string, BucketOp>();
  private readonly totals = new Map<string, [number, number]>();
  private readonly catalog = new Map<string, { suffix: string; field: string; tick: number }>();
  readonly jobs: { id: string; tick: number }[] = [];

  constructor(
    private readonly layout: SeriesLayout,
    private readonly retention: Retention,
  ) {}

  add(jobId: string, report: TickReport): void {
    this.jobs.push({ id: jobId, tick: report.tick });
    for (const p of report.pipelines) {
      this.note(this.layout.catalogKey, p.name, report.tick);
      this.series(report.tick, p.name, { kind: 'pipeline' }, p.tasks);
      for (const pl of p.plugins) {
        this.note(this.layout.pluginsKey(p.name), pl.name, report.tick);
        this.series(report.tick, p.name, { kind: 'plugin', plugin: pl.name }, pl.runs);
      }
    }
  }

  /** ARGV of `fold-1.lua` after ARGV[1..2]: the jobs, then the operations. */
  args(): string[] {
    const out: string[] = [String(this.jobs.length)];
    for (const j of this.jobs) out.push(j.id, String(j.tick));
    for (const [suffix, op] of this.buckets) {
      const results = [op.s, op.f].filter((r) => r !== undefined).length;
      out.push('B', suffix, String(op.expireAt), String(results));
      if (op.s) pushResult(out, 's', op.s);
      if (op.f) pushResult(out, 'f', op.f);
    }
    for (const [suffix, [s, f]] of this.totals) out.push('T', suffix, String(s), String(f));
    for (const c of this.catalog.values()) out.push('C', c.suffix, c.field, String(c.tick));
    return out;
  }

  private series(tick: number, pipeline: string, scope: SeriesScope, delta: SeriesDelta): void {
    if (delta.success === undefined && delta.failure === undefined) return;
    for (const res of RESOLUTIONS) {
      const bucket = bucketOf(tick, res);
      const suffix = this.suffix(this.layout.bucketKey(res.name, bucket, pipeline, scope));
      let op = this.buckets.get(suffix);
      if (op === undefined) this.buckets.set(suffix, (op = { expireAt: Math.ceil(bucketEndSec(bucket, res) + this.retention[res.name]) }));
      if (delta.success) op.s = mergeInto(op.s, delta.success);
      if (delta.failure) op.f = mergeInto(op.f, delta.failure);
    }
    const total = this.suffix(this.layout.totalKey(pipeline, scope));
    const t = this.totals.get(total) ?? [0, 0];
    t[0] += delta.success?.count ?? 0;
    t[1] += delta.failure?.count ?? 0;
    this.totals.set(total, t);
  }

  private note(key: string, field: string, tick: number): void {
    const id = `${key}\n${field}`;
    const c = this.catalog.get(id);
    if (c === undefined) this.catalog.set(id, { suffix: this.suffix(key), field, tick });
    else if (tick > c.tick) c.tick = tick;
  }

  private suffix(key: string): string {
    return key.slice(this.layout.base.length);
  }
}

function mergeInto(acc: ResultSum | undefined, p: SketchParts): ResultSum {
  if (acc === undefined) {
    const bins = new Map<number, number>();
    for (let i = 0; i < p.keys.length; i++) bins.set(p.keys[i]!, p.counts[i]!);
    return { n: p.count, sum: p.sum, m2: p.m2, min: p.min, max: p.max, zero: p.zero, bins };
  }
  const n = acc.n + p.count;
  const delta = p.sum / p.count - acc.sum / acc.n;
  acc.m2 += p.m2 + (delta * delta * acc.n * p.count) / n;
  acc.n = n;
  acc.sum += p.sum;
  if (p.min < acc.min) acc.min = p.min;
  if (p.max > acc.max) acc.max = p.max;
  acc.zero += p.zero;
  for (let i = 0; i < p.keys.length; i++) {
    const k = p.keys[i]!;
    acc.bins.set(k, (acc.bins.get(k) ?? 0) + p.counts[i]!);
  }
  return acc;
}

function pushResult(out: string[], tag: 's' | 'f', r: ResultSum): void {
  out.push(tag, String(r.n), String(r.sum), String(r.m2), String(r.min), String(r.max), String(r.zero), String(r.bins.size));
  for (const [k, c] of r.bins) out.push(String(k), String(c));
}
