import { ByteWriter, decodeBucketGauges, decodeBucketSketch, encodeBucketGauges, encodeBucketSketch, GAUGE_FIELD, MalformedReportError, mergeGaugeFolds, SeriesLayout, TICK_MS, walkReportBody, type ReportClaim, type ReportVisitor, type Retention, type TickReport } from '@gatehouse/stats-wire';
import type { Redis } from 'ioredis';
import type { MissingReportBodyError } from '../errors';
import { fetchClaimedBodies, type ClaimedBody } from './claimed-bodies';
import { FoldPlan, type PlannedBucket } from './fold-plan';
import { luaScript, runLua } from './lua-script';
import { SketchAccumulator } from './sketch-accumulator';

/** One job of a batch: a report its data held (versions 1 and 2), or a claim on a body in Redis (version 3). */
export type FoldJob = { id: string; report: TickReport } | { id: string; claim: ReportClaim };

/** A job ready to merge: its report, or its claimed body, read as it is merged. */
type Mergeable = { id: string; report: TickReport } | ClaimedBody;

/** What became of one job of a batch. */
export type FoldOutcome = 'folded' | 'duplicate';

/** What a batch's fold did. */
export interface FoldResult {
  outcomes: Map<string, FoldOutcome>;
  /** Jobs left out because their bins turned out malformed while merged (reports decoded with `bins: 'on-use'`). */
  malformed: Map<string, MalformedReportError>;
  /** Claimed jobs left out because their body is gone and they were never folded. */
  missing: Map<string, MissingReportBodyError>;
  /** Times the buckets were read again because another worker had folded into them meanwhile. */
  rereads: number;
}

/** Settings of the fold. */
export interface FoldSettings {
  /** Key prefix. @default "gatehouse:stats" */
  prefix: string;
  retention: Retention;
  /** Folded job ids are remembered this long (ticks), so a redelivered job is not counted twice. @default 1440 (2 h) */
  dedupeTicks: number;
}

/** Reads and writes a batch may retry when other workers keep folding into the same buckets. */
const MAX_ATTEMPTS = 32;

const FOLD = luaScript('fold', 1);
const READ = luaScript('read', 0);

/**
 * Folds a batch of one group's reports into Redis. The worker reads the buckets the batch adds
 * to, merges there (JavaScript, typed arrays: the single-threaded Redis only compares and writes),
 * and one atomic script run writes the merged sketches — unless a job of the batch was folded
 * before (a redelivery after a crash: the batch is folded again without it, and it comes back as
 * a duplicate) or a bucket changed since it was read (another worker process folded into it: read
 * and merge again). So a job is counted exactly once however often it is delivered, within the
 * dedupe window, and however many workers fold at once. Claimed bodies are fetched first (one
 * MGET) and deleted by the script run that counts them.
 */
export async function foldGroup(redis: Redis, group: string, jobs: readonly FoldJob[], settings: FoldSettings, wallNow: () => number = Date.now): Promise<FoldResult> {
  const layout = new SeriesLayout(group, settings.prefix);
  const outcomes = new Map<string, FoldOutcome>();
  const seen = new Set<string>();
  const held: { id: string; report: TickReport }[] = [];
  const claims: { id: string; claim: ReportClaim }[] = [];
  for (const j of jobs) {
    if (seen.has(j.id)) outcomes.set(j.id, 'duplicate');
    else if ('claim' in j) claims.push(j);
    else held.push(j);
    seen.add(j.id);
  }
  const claimed = await fetchClaimedBodies(redis, layout, claims);
  for (const id of claimed.folded) outcomes.set(id, 'duplicate');
  const malformed = new Map<string, MalformedReportError>();
  let pending: Mergeable[] = [...held, ...claimed.bodies];
  let plan = planOf(layout, settings, pending, malformed);
  pending = pending.filter((j) => !malformed.has(j.id));
  let rereads = 0;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`the fold of group ${group} met changed buckets or new duplicates ${MAX_ATTEMPTS} times (other workers fold the same series)`);
    const buckets = plan.buckets();
    const current = await readBuckets(redis, layout, buckets);
    const trimBelow = Math.floor(wallNow() / TICK_MS) - settings.dedupeTicks;
    const reply = (await runLua(redis, FOLD, [layout.appliedKey], [layout.base, String(trimBelow), ...scriptArgs(plan, buckets, current, claimed.bodySuffixes)])) as [number, ...string[]];
    if (reply[0] === 0) {
      for (const j of pending) outcomes.set(j.id, 'folded');
      break;
    }
    if (reply[0] === 1) {
      const dups = new Set(reply.slice(1).map(String));
      for (const id of dups) outcomes.set(id, 'duplicate');
      pending = pending.filter((j) => !dups.has(j.id));
      plan = planOf(layout, settings, pending, malformed);
    }
    // reply[0] === 2: a bucket moved; read again.
    else rereads++;
  }
  // Nothing left to fold (every claim a duplicate or malformed): their bodies still go.
  if (pending.length === 0 && claimed.bodySuffixes.length > 0) await redis.del(...claimed.bodySuffixes.map((s) => layout.base + s));
  return { outcomes, malformed, missing: claimed.missing, rereads };
}

/**
 * The plan of `jobs`. A claimed body is merged as it is read (FoldPlan.addBody): no decoded report
 * is built, so nothing outlives the young generation — a batch of decoded reports kept alive
 * together cost the garbage collector more than the merge. A job found malformed while merged (a
 * claimed body at any byte; a held report, whose header was checked when decoded, in its bins)
 * has half-merged into the plan: it goes into `malformed` and the plan is built again without it
 * — the rest of the batch is then checked whole before each job is merged, so a batch is rebuilt
 * once at most.
 */
function planOf(layout: SeriesLayout, settings: FoldSettings, jobs: readonly Mergeable[], malformed: Map<string, MalformedReportError>): FoldPlan {
  for (let checkFirst = false; ; checkFirst = true) {
    const plan = new FoldPlan(layout, settings.retention);
    let current: string | undefined;
    try {
      for (const j of jobs) {
        if (malformed.has(j.id)) continue;
        current = j.id;
        if (checkFirst && !isSound(j, malformed)) continue;
        if ('report' in j) plan.add(j.id, j.report);
        else plan.addBody(j.id, j.claim.t, j.body, 'on-use');
      }
      return plan;
    } catch (err) {
      if (!(err instanceof MalformedReportError) || current === undefined) throw err;
      malformed.set(current, err);
    }
  }
}

const IGNORE: ReportVisitor = { pipeline: () => undefined, series: () => undefined };

/** Reads all of a job's report, every bin; false (and the job in `malformed`) when something is bad. */
function isSound(j: Mergeable, malformed: Map<string, MalformedReportError>): boolean {
  const none = (): void => undefined;
  try {
    if (!('report' in j)) walkReportBody(j.body, IGNORE, { bins: 'now', reuseSketches: true });
    else {
      for (const p of j.report.pipelines) {
        p.tasks.success?.forEachKey(none);
        p.tasks.failure?.forEachKey(none);
        for (const pl of p.plugins) {
          pl.runs.success?.forEachKey(none);
          pl.runs.failure?.forEachKey(none);
        }
      }
    }
    return true;
  } catch (err) {
    if (!(err instanceof MalformedReportError)) throw err;
    malformed.set(j.id, err);
    return false;
  }
}

/** What a bucket holds now: its fold counter, its stored sketches and indicator folds (empty when none). */
interface StoredBucket {
  version: number;
  success: Buffer;
  failure: Buffer;
  gauges: Buffer;
}

/** Values read-0.lua answers per bucket: v, s, f, g. */
const READ_WIDTH = 4;

/** Every bucket's counter, sketches and indicator folds, by one read script run (thousands of HMGETs cost one round trip and no per-command client work). */
async function readBuckets(redis: Redis, layout: SeriesLayout, buckets: readonly PlannedBucket[]): Promise<StoredBucket[]> {
  if (buckets.length === 0) return [];
  const args = [layout.base];
  for (const b of buckets) args.push(b.suffix);
  const flat = (await runLua(redis, READ, [], args, 'buffers')) as Buffer[];
  if (flat.length !== buckets.length * READ_WIDTH) throw new Error(`read-0: ${flat.length} values for ${buckets.length} buckets`);
  return buckets.map((_, i) => {
    const at = READ_WIDTH * i;
    const v = flat[at]!;
    return { version: v.length === 0 ? 0 : Number(v.toString()), success: flat[at + 1]!, failure: flat[at + 2]!, gauges: flat[at + 3]! };
  });
}

/** The script's ARGV after the base and the trim bound: jobs, then the operations. */
function scriptArgs(plan: FoldPlan, buckets: readonly PlannedBucket[], current: readonly StoredBucket[], bodySuffixes: readonly string[]): (string | Buffer)[] {
  const out: (string | Buffer)[] = [String(plan.jobs.length)];
  for (const j of plan.jobs) out.push(j.id, String(j.tick));
  // One buffer for every sketch of the batch; each value is a view of it.
  const w = new ByteWriter(64 * 1024);
  buckets.forEach((b, i) => {
    const stored = current[i]!;
    const fields: (string | Buffer)[] = [];
    if (b.success) fields.push('s', merged(b.success, stored.success, w));
    if (b.failure) fields.push('f', merged(b.failure, stored.failure, w));
    // Merged into a copy of what the bucket holds: the plan's folds stay as they are for a read again.
    if (b.gauges) fields.push(GAUGE_FIELD, encodeBucketGauges(mergeGaugeFolds(decodeBucketGauges(stored.gauges), b.gauges), w));
    out.push('B', b.suffix, String(stored.version), String(b.expireAt), String(fields.length / 2), ...fields);
  });
  for (const [suffix, [s, f]] of plan.totalsToAdd()) out.push('T', suffix, String(s), String(f));
  for (const c of plan.catalogEntries()) out.push('C', c.suffix, c.field, String(c.tick));
  for (const suffix of bodySuffixes) out.push('D', suffix);
  return out;
}

/** The batch's sketch plus what the bucket held, encoded for the bucket at the end of `w`. */
function merged(batch: SketchAccumulator, stored: Buffer, w: ByteWriter): Buffer {
  if (stored.length === 0) return encodeBucketSketch(batch, w);
  const sum = new SketchAccumulator();
  sum.add(decodeBucketSketch(stored));
  sum.add(batch);
  return encodeBucketSketch(sum, w);
}
