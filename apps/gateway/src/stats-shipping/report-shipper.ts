import { DEFAULT_PREFIX, REPORT_BODY_TTL_SEC, reportClaim, reportJobId, SeriesLayout, STATS_QUEUE } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Clock, TimerHandle } from '../engine/clock';
import { silentLogger, type Logger } from '../engine/logger';
import { ReportBuffer } from './report-buffer';
import type { ReportBody } from './tick-report-builder';

/** Options of a {@link ReportShipper}. */
export interface ReportShipperOptions {
  redisUrl: string;
  /** Reports kept while Redis is unreachable. @default 720 */
  bufferTicks?: number;
  /** BullMQ queue name. @default "gatehouse-stats" */
  queueName?: string;
  /** Prefix of the body keys; the stats worker must read the same. @default "gatehouse:stats" (DEFAULT_PREFIX) */
  keyPrefix?: string;
  /** Seconds a report body waits in Redis for the worker to fold it. @default 7200 (REPORT_BODY_TTL_SEC) */
  bodyTtlSec?: number;
  /** Longest wait for Redis to take one report (its body and its job) before it is retried later. @default 5000 */
  addTimeoutMs?: number;
  /** Retry delays after a failed add grow from this… @default 500 */
  retryMinMs?: number;
  /** …to this. @default 10000 */
  retryMaxMs?: number;
  clock: Clock;
  logger?: Logger;
}

/** What the shipper has done, for `/metrics` and tests. */
export interface ShipperFigures {
  shipped: number;
  dropped: number;
  buffered: number;
  failedAttempts: number;
}

/**
 * Ships each tick's report as a claim check: the body goes to its body key
 * (`SeriesLayout.bodyKey`, expiring after `bodyTtlSec`), then a small claim `{v:3,g,n,t}`
 * to the BullMQ queue the stats worker reads, job id `<group>:<node>:<tick>`. Body first, so no
 * job names a body not yet written; a retry rewrites the same body, and BullMQ ignores a second
 * add of a job id it still holds. `offer` only puts the report into a bounded buffer (oldest
 * dropped when full) and returns: the tick listener, hence the data plane, never waits for
 * Redis. One report is in flight at a time, oldest first; a failed or slow add leaves it at the
 * head and retries with backoff. The Redis client fails fast while disconnected (no offline
 * queue), so nothing piles up unseen.
 */
export class ReportShipper {
  private readonly buffer: ReportBuffer<ReportBody>;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly logger: Logger;
  private sending = false;
  private retryTimer: TimerHandle | undefined;
  private retryDelay: number;
  private closed = false;
  private shipped = 0;
  private failedAttempts = 0;

  constructor(private readonly opts: ReportShipperOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.buffer = new ReportBuffer(opts.bufferTicks ?? 720);
    this.retryDelay = opts.retryMinMs ?? 500;
    this.connection = new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: (n) => Math.min(200 * n, 2000) });
    this.connection.on('error', () => undefined); // reconnects by itself; failures surface as failed adds
    this.queue = new Queue(opts.queueName ?? STATS_QUEUE, { connection: this.connection });
    this.queue.on('error', (err) => this.logger.debug({ err }, 'stats queue error'));
  }

  /** Queues a report for shipping; never blocks. */
  offer(report: ReportBody): void {
    if (this.closed) return;
    const before = this.buffer.dropped;
    this.buffer.push(report);
    if (this.buffer.dropped > before) this.logger.warn({ dropped: this.buffer.dropped }, 'stats buffer full: dropped the oldest report');
    this.kick();
  }

  figures(): ShipperFigures {
    return { shipped: this.shipped, dropped: this.buffer.dropped, buffered: this.buffer.size, failedAttempts: this.failedAttempts };
  }

  /** Stops shipping; reports still buffered are lost (logged). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer !== undefined) this.opts.clock.clearTimeout(this.retryTimer);
    if (this.buffer.size > 0) this.logger.info({ buffered: this.buffer.size }, 'stats shipping stopped with reports unsent');
    await this.queue.close().catch(() => undefined);
    this.connection.disconnect();
  }

  private kick(): void {
    if (this.sending || this.retryTimer !== undefined || this.closed) return;
    this.sending = true;
    void this.drain().finally(() => {
      this.sending = false;
    });
  }

  private async drain(): Promise<void> {
    for (let report = this.buffer.peek(); report !== undefined && !this.closed; report = this.buffer.peek()) {
      try {
        await this.add(report);
      } catch (err) {
        this.failedAttempts++;
        if (this.failedAttempts === 1 || this.failedAttempts % 60 === 0) this.logger.warn({ err, buffered: this.buffer.size }, 'cannot ship statistics; retrying');
        this.scheduleRetry();
        return;
      }
      // The head may have been dropped while the add ran (buffer full): only shift what was sent.
      if (this.buffer.peek() === report) this.buffer.shift();
      this.shipped++;
      this.retryDelay = this.opts.retryMinMs ?? 500;
    }
  }

  private async add(report: ReportBody): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not take the report in time')), this.opts.addTimeoutMs ?? 5000);
    });
    try {
      await Promise.race([this.store(report), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The body, then the claim on it. */
  private async store({ group, node, tick, body }: ReportBody): Promise<void> {
    const bodyKey = new SeriesLayout(group, this.opts.keyPrefix ?? DEFAULT_PREFIX).bodyKey(node, tick);
    // Waits for the first connection as `add` does: without an offline queue, a command sent
    // before the connection is ready fails.
    await this.queue.waitUntilReady();
    await this.connection.set(bodyKey, body, 'EX', this.opts.bodyTtlSec ?? REPORT_BODY_TTL_SEC);
    await this.queue.add('tick', reportClaim(group, node, tick), {
      jobId: reportJobId(group, node, tick),
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    });
  }

  private scheduleRetry(): void {
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.opts.retryMaxMs ?? 10_000);
    this.retryTimer = this.opts.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
  }
}
