import type { StatisticsRegistry } from '../engine/statistics/statistics-registry';
import { TickReportBuilder } from '../stats-shipping/tick-report-builder';
import { collectIndicatorValues } from './indicator-values';
import type { ToPrimary } from './ipc-messages';

/** Sends a message to the primary; `sent` runs once it left (or could not: the primary is gone). */
export type SendToPrimary = (m: ToPrimary, sent?: () => void) => void;

/**
 * A worker's half of the host's statistics: after each tick of its registry, the tick's delta —
 * the report stats shipping builds from the sealed slots, null when the tick saw no sample —
 * goes to the primary, which absorbs it (`WorkerStatistics`), with the current value of every
 * plugin indicator, which the primary combines with the other workers' (`WorkerIndicators`).
 * Every tick sends, so the primary's indicator values are never older than a tick. Workers never
 * ship to the stats queue themselves: the primary ships the host's aggregate.
 */
export class WorkerTickReports {
  private last: Promise<void> = Promise.resolve();
  private readonly remove: () => void;

  constructor(
    private readonly registry: StatisticsRegistry,
    send: SendToPrimary,
  ) {
    // Group and node are the report format's; the primary reads only the pipelines. No plugin
    // indicators in it: the primary gets this worker's own values with `indicators` below and
    // combines them with the other workers' before it ships the host's.
    const builder = new TickReportBuilder(registry, 'local', 'worker', Date.now, { pluginIndicators: false });
    this.remove = registry.ticked.add('report to the primary', () => {
      const report = builder.build();
      const indicators = JSON.stringify(collectIndicatorValues(registry));
      this.last = new Promise((resolve) => send({ t: 'gh:stats', report: report === undefined ? null : JSON.stringify(report), indicators }, resolve));
    });
  }

  /**
   * Ticks once more, so the samples since the last tick reach the primary too (a draining
   * worker's last requests), stops reporting, and waits — at most `timeoutMs` — for the report
   * to leave.
   */
  async flush(timeoutMs = 1000): Promise<void> {
    this.registry.tick();
    this.remove();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.last, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
}
