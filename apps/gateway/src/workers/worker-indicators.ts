import type { Logger } from '../engine/logger';
import { aggregateIndicatorValues, type IndicatorAggregate } from '../engine/statistics/indicator-aggregate';
import type { IndicatorSource } from '../engine/statistics/pipeline-statistics';
import { parseIndicatorValues } from './indicator-values';

/**
 * Longest indicator-values text a worker may send per tick, in characters. 1,000 pipelines of
 * four plugins with three indicators each take about 0.7 MB; the bound only keeps a broken
 * worker from making the primary parse without limit.
 */
export const MAX_WORKER_INDICATOR_CHARS = 8 * 1024 * 1024;

/** What the primary did with its workers' indicator values (`/metrics`). */
export interface WorkerIndicatorFigures {
  absorbed: number;
  rejected: number;
}

interface Held {
  value: number | null;
  aggregate: IndicatorAggregate;
}

const keyOf = (pipeline: string, plugin: string, name: string): string => `${pipeline}\u0000${plugin}\u0000${name}`;

/**
 * The primary's view of its workers' plugin indicators with `GATEWAY_WORKERS`: the latest values
 * each worker sent (each tick's message replaces that worker's whole set; a worker that exits is
 * forgotten), answered combined by each indicator's aggregate. Malformed or oversized values are
 * counted and logged (1st, 2nd, 4th… time) and leave the worker's last good set in place.
 */
export class WorkerIndicators implements IndicatorSource {
  /** By worker id; a worker moves to the end when it reports, so the last one holds the newest set. */
  private readonly byWorker = new Map<number, Map<string, Held>>();
  private readonly counts: WorkerIndicatorFigures = { absorbed: 0, rejected: 0 };

  constructor(
    private readonly logger: Logger,
    private readonly maxChars = MAX_WORKER_INDICATOR_CHARS,
  ) {}

  /** Takes one message's `indicators` field from worker `worker`. */
  receive(worker: number, text: unknown): void {
    try {
      const held = new Map<string, Held>();
      for (const [pipeline, plugin, name, value, aggregate] of parseIndicatorValues(text, this.maxChars)) held.set(keyOf(pipeline, plugin, name), { value, aggregate });
      this.byWorker.delete(worker);
      this.byWorker.set(worker, held);
      this.counts.absorbed++;
    } catch (err) {
      const n = ++this.counts.rejected;
      if ((n & (n - 1)) === 0) this.logger.error({ err, worker, rejected: n }, 'refused the indicator values of a data-plane worker');
    }
  }

  /** Drops the values of a worker that exited: its traffic is gone with it. */
  forget(worker: number): void {
    this.byWorker.delete(worker);
  }

  /**
   * The workers' values of one indicator combined; workers without it or with null are left out,
   * and none left is null. Workers run the same code, so they agree on the aggregate; should they
   * not (a rolling upgrade), the newest report's wins.
   */
  value(pipeline: string, plugin: string, name: string): number | null {
    const key = keyOf(pipeline, plugin, name);
    const values: (number | null)[] = [];
    let how: IndicatorAggregate | undefined;
    for (const held of this.byWorker.values()) {
      const h = held.get(key);
      if (h === undefined) continue;
      values.push(h.value);
      how = h.aggregate;
    }
    return how === undefined ? null : aggregateIndicatorValues(values, how);
  }

  figures(): WorkerIndicatorFigures {
    return { ...this.counts };
  }
}
