import { decodeReport } from '@gatehouse/stats-wire';
import type { Logger } from '../engine/logger';
import type { StatisticsRegistry } from '../engine/statistics/statistics-registry';

/**
 * Longest report text a worker may send per tick, in characters. 1,000 busy pipelines of four
 * plugins take about 0.63 MB at 50 requests per pipeline per tick (docs/cluster.md); the bound
 * only keeps a broken worker from making the primary parse and absorb without limit.
 */
export const MAX_WORKER_REPORT_CHARS = 32 * 1024 * 1024;

/** What the primary did with its workers' statistics reports (`/metrics`). */
export interface WorkerStatisticsFigures {
  absorbed: number;
  rejected: number;
  /** Pipelines of absorbed reports the primary does not run (a change not applied on both sides yet). */
  unknownPipelines: number;
}

/**
 * The primary's half of the host's statistics with `GATEWAY_WORKERS`: each worker's tick report
 * is bounded, decoded and validated (`decodeReport`), then absorbed into the primary's registry,
 * so `/statistics/v1`, `/metrics`, the dashboard and stats shipping cover the whole host. A
 * malformed or oversized report is counted and logged (1st, 2nd, 4th… time), never thrown.
 */
export class WorkerStatistics {
  private readonly counts: WorkerStatisticsFigures = { absorbed: 0, rejected: 0, unknownPipelines: 0 };

  constructor(
    private readonly registry: StatisticsRegistry,
    private readonly logger: Logger,
    private readonly maxChars = MAX_WORKER_REPORT_CHARS,
  ) {}

  /** Absorbs one report message's `report` field from worker `worker`. */
  receive(worker: number, report: unknown): void {
    try {
      if (typeof report !== 'string') throw new Error('the report is not JSON text');
      if (report.length > this.maxChars) throw new Error(`the report is ${report.length} characters long, more than ${this.maxChars}`);
      const decoded = decodeReport(JSON.parse(report));
      this.counts.unknownPipelines += this.registry.absorb(decoded.pipelines);
      this.counts.absorbed++;
    } catch (err) {
      const n = ++this.counts.rejected;
      if ((n & (n - 1)) === 0) this.logger.error({ err, worker, rejected: n }, 'refused a statistics report from a data-plane worker');
    }
  }

  figures(): WorkerStatisticsFigures {
    return { ...this.counts };
  }
}
