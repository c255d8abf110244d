import { decodeJobData, MalformedReportError, reportJobId, TICK_MS, type DecodedJob } from '@gatehouse/stats-wire';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MissingReportBodyError } from '../errors';
import { BatchFolder, type BatchSettings } from '../fold/batch-folder';
import type { FoldJob, FoldOutcome, FoldSettings } from '../fold/group-folder';

/** Settings of the BullMQ side. */
export interface ConsumerSettings {
  queueName: string;
  /** Jobs held at once (they wait together for their batch; a batch reaches about half of them). @default 1024 */
  concurrency: number;
  /** A job's lock; a worker that dies holding jobs loses them after this, ms. @default 30000 */
  lockDurationMs: number;
  /** How often stalled jobs (lock lost: the worker died) are moved back to wait, ms. @default 30000 */
  stalledIntervalMs: number;
  /** Times a job may stall before it fails for good. @default 10 */
  maxStalledCount: number;
}

/** Why a job failed, as counted. */
export type FailureReason = 'malformed' | 'expired' | 'missing' | 'error';

/** What the consumer reports to its metrics. */
export interface ConsumerObserver {
  outcome(o: FoldOutcome): void;
  failed(reason: FailureReason): void;
  batch(jobs: number, seconds: number, rereads: number): void;
}

/**
 * The BullMQ worker: decodes each job (a malformed one fails at once with the reason and is
 * never retried — `UnrecoverableError`), hands it to the batch folder and completes it only once
 * its batch is in Redis. A worker killed mid-batch leaves its jobs locked; when the locks expire
 * BullMQ's stalled-job check moves them back to wait and they are folded again, the fold script
 * recognising any that were folded already.
 */
export class StatsConsumer {
  private readonly worker: Worker;
  private readonly folder: BatchFolder;

  constructor(
    connection: Redis,
    foldRedis: Redis,
    settings: ConsumerSettings,
    private readonly fold: FoldSettings & BatchSettings,
    private readonly observer: ConsumerObserver,
    private readonly logger: Logger,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.folder = new BatchFolder(foldRedis, fold, fold, (n, s, r) => observer.batch(n, s, r));
    this.worker = new Worker(settings.queueName, (job) => this.process(job), {
      connection,
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount,
      autorun: false,
    });
    this.worker.on('error', (err) => logger.warn({ err }, 'stats worker: queue error (reconnecting)'));
    this.worker.on('failed', (job, err) => {
      if (!(err instanceof UnrecoverableError)) observer.failed('error');
      logger.warn({ job: job?.id, reason: err.message, attempts: job?.attemptsMade }, 'stats job failed');
    });
    this.worker.on('stalled', (id) => logger.info({ job: id }, 'stalled stats job moved back to wait'));
  }

  /** Starts taking jobs. */
  start(): void {
    void this.worker.run().catch((err: unknown) => this.logger.error({ err }, 'stats worker stopped'));
  }

  /** True while connected and taking jobs. */
  get running(): boolean {
    return this.worker.isRunning();
  }

  /** Stops taking jobs, folds what it holds and waits for the jobs in hand. */
  async close(): Promise<void> {
    const folded = this.folder.flush();
    await this.worker.close();
    await folded;
  }

  private async process(job: Job): Promise<FoldOutcome> {
    let decoded: DecodedJob;
    try {
      // Bins are checked as the fold merges them: one pass over them instead of two.
      decoded = decodeJobData(job.data, { bins: 'on-use' });
    } catch (err) {
      throw this.malformed(err);
    }
    const { group, node, tick } = decoded.kind === 'claim' ? { group: decoded.claim.g, node: decoded.claim.n, tick: decoded.claim.t } : decoded.report;
    const oldest = Math.floor(this.wallNow() / TICK_MS) - this.fold.dedupeTicks;
    if (tick < oldest) {
      this.observer.failed('expired');
      throw new UnrecoverableError(`tick ${tick} is older than the dedupe window (${this.fold.dedupeTicks} ticks): folding it could count it twice`);
    }
    const id = reportJobId(group, node, tick);
    const foldJob: FoldJob = decoded.kind === 'claim' ? { id, claim: decoded.claim } : { id, report: decoded.report };
    let outcome: FoldOutcome;
    try {
      outcome = await this.folder.add(foldJob);
    } catch (err) {
      if (err instanceof MalformedReportError) throw this.malformed(err);
      if (err instanceof MissingReportBodyError) {
        this.observer.failed('missing');
        throw new UnrecoverableError(err.message);
      }
      throw err;
    }
    this.observer.outcome(outcome);
    return outcome;
  }

  /** A malformed job fails at once with the reason and is never retried. */
  private malformed(err: unknown): UnrecoverableError {
    this.observer.failed('malformed');
    return new UnrecoverableError(`malformed report: ${(err as Error).message}`);
  }
}
