import type { Redis } from 'ioredis';
import { commitFold, prepareFold, type FoldJob, type FoldOutcome, type FoldResult, type FoldSettings } from './group-folder';

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

/** A group's jobs waiting for a batch, and its batches under way. */
interface GroupQueue {
  waiting: Waiting[];
  /** Batches under way: at most two, one being merged while the other is written. */
  folds: number;
  /** Whether a batch is being merged (its bodies fetched, its plan built). */
  merging: boolean;
  /** Settles when the last batch that queued to write has written: the next one writes after it. */
  written: Promise<void>;
  timer: NodeJS.Timeout | undefined;
}

/** Called after each batch with its size, how long the fold took and how often it read again. */
export type BatchObserver = (jobs: number, seconds: number, rereads: number) => void;

/**
 * Gathers the jobs BullMQ hands the worker concurrently into batches per group and folds each
 * batch with one read and one script run; every job's promise settles when its batch is in Redis,
 * so BullMQ completes a job only after it was folded (at-least-once), and a failed fold fails —
 * hence retries — every job of the batch; a job whose bins proved malformed is rejected with
 * its MalformedReportError (a claim whose body is gone, with its MissingReportBodyError) and the
 * others are folded. A group's batches overlap by half: one is merged in memory while the one
 * before it is written (its reads and script runs are Redis's time, which the process would
 * otherwise spend waiting); they write one after the other, since two writing at once would read
 * the same buckets and one would have to read again. Jobs that arrive meanwhile form the next
 * batch, which starts when a full one is waiting or when a write ends, so batches grow with the
 * load.
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
      if (q === undefined) this.groups.set(group, (q = { waiting: [], folds: 0, merging: false, written: Promise.resolve(), timer: undefined }));
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
    if (q.merging || q.folds >= 2 || q.waiting.length === 0) return;
    const batch = q.waiting;
    q.waiting = [];
    q.folds++;
    q.merging = true;
    const run = this.foldBatch(group, q, batch).finally(() => {
      q.folds--;
      this.inFlight.delete(run);
      // What arrived during the fold has waited at least that long: fold it now.
      if (q.waiting.length > 0) this.start(group, q);
      else if (q.folds === 0) this.groups.delete(group);
    });
    this.inFlight.add(run);
  }

  private async foldBatch(group: string, q: GroupQueue, batch: Waiting[]): Promise<void> {
    const started = performance.now();
    let result: FoldResult;
    try {
      result = await this.mergeThenWrite(group, q, batch);
    } catch (err) {
      for (const w of batch) w.reject(err);
      this.observe(batch.length, (performance.now() - started) / 1000, 0);
      return;
    }
    for (const w of batch) {
      const bad = result.malformed.get(w.job.id) ?? result.missing.get(w.job.id);
      if (bad !== undefined) w.reject(bad);
      else w.resolve(result.outcomes.get(w.job.id) ?? 'folded');
    }
    this.observe(batch.length, (performance.now() - started) / 1000, result.rereads);
  }

  private async mergeThenWrite(group: string, q: GroupQueue, batch: Waiting[]): Promise<FoldResult> {
    let prepared;
    try {
      prepared = await prepareFold(this.redis, group, batch.map((w) => w.job), this.fold);
    } finally {
      q.merging = false;
      // A full batch waiting may be merged while this one writes.
      if (q.waiting.length >= this.batch.batchSize) this.start(group, q);
    }
    const before = q.written;
    let written!: () => void;
    q.written = new Promise<void>((resolve) => (written = resolve));
    try {
      await before;
      return await commitFold(this.redis, prepared, this.fold);
    } finally {
      written();
    }
  }
}
