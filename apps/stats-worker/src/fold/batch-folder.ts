import type { Redis } from 'ioredis';
import { foldGroup, type FoldJob, type FoldOutcome, type FoldSettings } from './group-folder';

/** Batch settings of the fold. */
export interface BatchSettings {
  /** A batch is folded once it holds this many jobs… (a batch's bucket reads and writes are shared by its jobs: bigger batches cost less per job) @default 512 */
  batchSize: number;
  /** …or this long after its first job arrived, ms. @default 200 */
  batchWaitMs: number;
}

interface Waiting {
  job: FoldJob;
  resolve: (o: FoldOutcome) => void;
  reject: (err: unknown) => void;
}

/** A group's jobs waiting for a batch, and whether one of its batches is being folded. */
interface GroupQueue {
  waiting: Waiting[];
  folding: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** Called after each batch with its size, how long the fold took and how often it read again. */
export type BatchObserver = (jobs: number, seconds: number, rereads: number) => void;

/**
 * Gathers the jobs BullMQ hands the worker concurrently into batches per group and folds each
 * batch with one read and one script run; every job's promise settles when its batch is in Redis,
 * so BullMQ completes a job only after it was folded (at-least-once), and a failed fold fails —
 * hence retries — every job of the batch; a job whose bins proved malformed is rejected with
 * its MalformedReportError (a claim whose body is gone, with its MissingReportBodyError) and the others are folded. One batch per group is folded at a time: two would
 * read the same buckets and one would have to read again. Jobs that arrive meanwhile form the
 * next batch, which starts as soon as the fold ends, so batches grow with the load.
 */
export class BatchFolder {
  private readonly groups = new Map<string, GroupQueue>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly fold: FoldSettings,
    private readonly batch: BatchSettings,
    private readonly observe: BatchObserver = () => undefined,
  ) {}

  /** Resolves once the job was folded (or found folded before). */
  add(job: FoldJob): Promise<FoldOutcome> {
    const group = 'claim' in job ? job.claim.g : job.report.group;
    return new Promise<FoldOutcome>((resolve, reject) => {
      let q = this.groups.get(group);
      if (q === undefined) this.groups.set(group, (q = { waiting: [], folding: false, timer: undefined }));
      q.waiting.push({ job, resolve, reject });
      if (q.waiting.length >= this.batch.batchSize) this.start(group, q);
      else q.timer ??= setTimeout(() => this.start(group, q), this.batch.batchWaitMs);
    });
  }

  /** Folds what is waiting now, and resolves when every fold under way has ended. */
  async flush(): Promise<void> {
    for (const [group, q] of this.groups) this.start(group, q);
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private start(group: string, q: GroupQueue): void {
    if (q.timer !== undefined) clearTimeout(q.timer);
    q.timer = undefined;
    if (q.folding || q.waiting.length === 0) return;
    const batch = q.waiting;
    q.waiting = [];
    q.folding = true;
    const run = this.foldBatch(group, batch).finally(() => {
      q.folding = false;
      this.inFlight.delete(run);
      // What arrived during the fold has waited at least that long: fold it now.
      if (q.waiting.length > 0) this.start(group, q);
      else this.groups.delete(group);
    });
    this.inFlight.add(run);
  }

  private async foldBatch(group: string, batch: Waiting[]): Promise<void> {
    const started = performance.now();
    let rereads = 0;
    try {
      const result = await foldGroup(
        this.redis,
        group,
        batch.map((w) => w.job),
        this.fold,
      );
      rereads = result.rereads;
      for (const w of batch) {
        const bad = result.malformed.get(w.job.id) ?? result.missing.get(w.job.id);
        if (bad !== undefined) w.reject(bad);
        else w.resolve(result.outcomes.get(w.job.id) ?? 'folded');
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
    this.observe(batch.length, (performance.now() - started) / 1000, rereads);
  }
}
