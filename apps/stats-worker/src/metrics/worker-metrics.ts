import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsumerObserver } from '../queue/stats-consumer';

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/** The worker's Prometheus metrics, and the observer that feeds them. */
export interface WorkerMetrics {
  readonly register: Registry;
  readonly observer: ConsumerObserver;
}

/**
 * `stats_worker_jobs_total{outcome=folded|duplicate}`, `stats_worker_jobs_failed_total{reason}`,
 * the batch fold time, and the BullMQ queue's job counts by state, read from Redis when scraped.
 */
export function createWorkerMetrics(queue: Queue): WorkerMetrics {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const jobs = new Counter({ name: 'stats_worker_jobs_total', help: 'Jobs folded, or found folded before (duplicate)', labelNames: ['outcome'], registers: [register] });
  const failed = new Counter({
    name: 'stats_worker_jobs_failed_total',
    help: 'Failed job attempts: malformed (never retried), expired (older than the dedupe window), missing (a claimed body expired or lost, never folded), error (Redis; retried)',
    labelNames: ['reason'],
    registers: [register],
  });
  const batches = new Histogram({
    name: 'stats_worker_batch_seconds',
    help: 'Time to fold one batch into Redis',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [register],
  });
  const batchJobs = new Counter({ name: 'stats_worker_batch_jobs_total', help: 'Jobs handed to batches', registers: [register] });
  const rereads = new Counter({
    name: 'stats_worker_fold_rereads_total',
    help: 'Times a batch read its buckets again because another worker process folded into them first',
    registers: [register],
  });
  for (const o of ['folded', 'duplicate']) jobs.inc({ outcome: o }, 0);
  for (const r of ['malformed', 'expired', 'missing', 'error']) failed.inc({ reason: r }, 0);
  new Gauge({
    name: 'stats_worker_queue_jobs',
    help: 'Jobs in the BullMQ queue by state',
    labelNames: ['state'],
    registers: [register],
    async collect() {
      // Redis down: the gauges go blank rather than the scrape failing or hanging.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 2000)));
      const counts = await Promise.race([queue.getJobCounts(...STATES).catch(() => undefined), timeout]);
      clearTimeout(timer);
      this.reset();
      if (counts !== undefined) for (const s of STATES) this.set({ state: s }, counts[s] ?? 0);
    },
  });
  return {
    register,
    observer: {
      outcome: (o) => jobs.inc({ outcome: o }),
      failed: (reason) => failed.inc({ reason }),
      batch: (n, seconds, reread) => {
        batches.observe(seconds);
        batchJobs.inc(n);
        rereads.inc(reread);
      },
    },
  };
}
