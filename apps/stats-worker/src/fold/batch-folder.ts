import type { TickReport } from '@gatehouse/stats-wire';
import type { Redis } from 'ioredis';
import { foldGroup, type FoldOutcome, type FoldSettings } from './group-folder';

/** Batch settings of the fold. */
export interface BatchSettings {
  /** A batch is folded once it holds this many jobs… @default 128 */
  batchSize: number;
  /** …or this long after its first job arrived, ms. @default 200 */
  batchWaitMs: number;
}

interface Waiting {
  id: string;
  report: TickReport;
  resolve: (o: FoldOutcome) => void;
  reject: (err: unknown) => void;
}

/** Called after each batch with its size and how long the fold took. */
export type BatchObserver = (jobs: number, seconds: number) => void;

/**
 * Gathers the jobs BullMQ hands the worker concurrently into batches and folds each batch with
 * one script run per group; every job's promise settles when its batch is in Redis, so BullMQ
 * completes a job only after it was folded (at-least-once), and a failed fold fails — hence
 * retries — every job of the batch.
 */
export class BatchFolder {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly fold: FoldSettings,
    private readonly batch: BatchSettings,
    private readonly observe: BatchObserver = () => undefined,
  ) {}

  /** Resolves once the job was folded (or found folded before). */
  add(id: string, report: TickReport): Promise<FoldOutcome> {
    return new Promise<FoldOutcome>((resolve, reject) => {
      this.waiting.push({ id, report, resolve, reject });
      if (this.waiting.length >= this.batch.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.batch.batchWaitMs);
    });
  }

  /** Folds what is waiting now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length > 0) void this.foldBatch(batch);
  }

  private async foldBatch(batch: Waiting[]): Promise<void> {
    const started = performance.now();
    const byGroup = new Map<string, Waiting[]>();
    for (const w of batch) {
      const list = byGroup.get(w.report.group);
      if (list === undefined) byGroup.set(w.report.group, [w]);
      else list.push(w);
    }
    await Promise.all(
      [...byGroup].map(async ([group, jobs]) => {
        try {
          const outcomes = await foldGroup(this.redis, group, jobs, this.fold);
          for (const w of jobs) w.resolve(outcomes.get(w.id) ?? 'folded');
        } catch (err) {
          for (const w of jobs) w.reject(err);
        }
      }),
    );
    this.observe(batch.length, (performance.now() - started) / 1000);
  }
}
