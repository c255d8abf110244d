import type { Clock, TimerHandle } from '../clock';
import { silentLogger, type Logger } from '../logger';
import { Listeners } from './listeners';
import { TICK_SECONDS } from './meter';
import { PipelineStatistics } from './pipeline-statistics';

const TICK_MS = TICK_SECONDS * 1000;

/**
 * Every pipeline's statistics and the one ticker they share: a single timer every 5 s (on the
 * injected clock, unref'd on the real one) ticks them all, so a thousand pipelines cost one
 * timer, not a thousand. The timer runs only while some pipeline exists.
 */
export class StatisticsRegistry {
  private readonly pipelines = new Map<string, PipelineStatistics>();
  private timer: TimerHandle | undefined;
  private nextAt = 0;
  /** Listeners run after every tick, once all pipelines ticked (stats shipping). */
  readonly ticked: Listeners<[]>;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
  ) {
    this.ticked = new Listeners(logger, 'statistics tick');
  }

  /** Creates the statistics of a new pipeline; replaces none (names are unique). */
  create(pipelineName: string): PipelineStatistics {
    if (this.pipelines.has(pipelineName)) throw new Error(`statistics of pipeline ${pipelineName} exist already`);
    const stats = new PipelineStatistics(pipelineName, this.logger);
    this.pipelines.set(pipelineName, stats);
    if (this.timer === undefined) {
      this.nextAt = this.clock.now() + TICK_MS;
      this.schedule();
    }
    return stats;
  }

  /** Drops a deleted pipeline's statistics. */
  drop(stats: PipelineStatistics): void {
    if (this.pipelines.get(stats.pipelineName) !== stats) return;
    this.pipelines.delete(stats.pipelineName);
    if (this.pipelines.size === 0) this.stop();
  }

  /** The statistics clock's time (ms); what `ErrorRing` entries are stamped with. */
  now(): number {
    return this.clock.now();
  }

  get(pipelineName: string): PipelineStatistics | undefined {
    return this.pipelines.get(pipelineName);
  }

  /** Every pipeline's statistics, in creation order. */
  all(): IterableIterator<PipelineStatistics> {
    return this.pipelines.values();
  }

  /** Ticks every pipeline now (the timer calls this; tests may too). */
  tick(): void {
    for (const p of this.pipelines.values()) {
      try {
        p.tick();
      } catch (err) {
        this.logger.error({ err, pipeline: p.pipelineName }, 'statistics tick failed');
      }
    }
    this.ticked.invoke();
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.tick();
      // Keep to the 5-s grid; after a stall, skip the missed ticks instead of firing them back to back.
      const now = this.clock.now();
      this.nextAt += TICK_MS;
      if (this.nextAt <= now) this.nextAt = now + TICK_MS;
      if (this.pipelines.size > 0) this.schedule();
    }, Math.max(0, this.nextAt - this.clock.now()));
  }
}
