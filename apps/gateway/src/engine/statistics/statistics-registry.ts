import type { Clock, TimerHandle } from '../clock';
import { silentLogger, type Logger } from '../logger';
import { Listeners } from './listeners';
import { TICK_SECONDS } from './meter';
import { PipelineStatistics, type IndicatorSource } from './pipeline-statistics';
import type { PipelineDelta } from './tick-delta';

const TICK_MS = TICK_SECONDS * 1000;

/**
 * Every pipeline's statistics and the one ticker they share: a single timer every 5 s (on the
 * injected clock, unref'd on the real one) ticks them all, so a thousand pipelines cost one
 * timer, not a thousand. The timer runs only while some pipeline exists, on a fixed 5-s grid
 * (set when the registry is made, or by `alignTicks`), so the processes of one host can tick
 * half a period apart (see `absorb`).
 */
export class StatisticsRegistry {
  private readonly pipelines = new Map<string, PipelineStatistics>();
  private timer: TimerHandle | undefined;
  /** The next tick on the grid (clock ms). */
  private nextAt: number;
  private indicatorSource: IndicatorSource | undefined;
  /** Listeners run after every tick, once all pipelines ticked (stats shipping). */
  readonly ticked: Listeners<[]>;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
  ) {
    this.ticked = new Listeners(logger, 'statistics tick');
    this.nextAt = clock.now() + TICK_MS;
  }

  /** Creates the statistics of a new pipeline; replaces none (names are unique). */
  create(pipelineName: string): PipelineStatistics {
    if (this.pipelines.has(pipelineName)) throw new Error(`statistics of pipeline ${pipelineName} exist already`);
    const stats = new PipelineStatistics(pipelineName, this.logger, () => this.indicatorSource);
    this.pipelines.set(pipelineName, stats);
    if (this.timer === undefined) {
      this.skipToGrid(this.clock.now());
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

  /**
   * Adds another process's tick — a data-plane worker's, decoded from its report — to the
   * pipelines of the same names, as if its samples had been recorded here: counts at once,
   * rates, latency and histograms at this registry's next tick. Pipelines unknown here are
   * ignored; their number is returned.
   */
  absorb(pipelines: readonly PipelineDelta[]): number {
    let unknown = 0;
    for (const delta of pipelines) {
      const p = this.pipelines.get(delta.name);
      if (p === undefined) unknown++;
      else p.absorb(delta);
    }
    return unknown;
  }

  /**
   * From now on, plugin indicators answer from `source` instead of this process's evaluators:
   * the primary of `GATEWAY_WORKERS` reads its workers' values, its own plugins serving no traffic.
   */
  readIndicatorsFrom(source: IndicatorSource): void {
    this.indicatorSource = source;
  }

  /** Milliseconds until the next tick on this registry's grid. */
  msUntilTick(): number {
    const now = this.clock.now();
    this.skipToGrid(now);
    return this.nextAt - now;
  }

  /**
   * Moves the grid so that a tick falls `ms` from now (modulo 5 s). A worker ticks half a
   * period before its primary, so its report, sent after its tick, always lands in the
   * primary's slot that is open then — never racing the primary's own tick.
   */
  alignTicks(ms: number): void {
    const offset = ((ms % TICK_MS) + TICK_MS) % TICK_MS;
    this.nextAt = this.clock.now() + (offset === 0 ? TICK_MS : offset);
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.schedule();
    }
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
      // Keep to the 5-s grid; after a stall, skip the missed ticks instead of firing them back
      // to back, and the grid point less than half a period away (a tick over a sliver of time).
      this.skipToGrid(this.clock.now() + TICK_MS / 2);
      if (this.pipelines.size > 0) this.schedule();
    }, Math.max(0, this.nextAt - this.clock.now()));
  }

  /** Moves `nextAt` along the grid to its first point after `t`. */
  private skipToGrid(t: number): void {
    if (this.nextAt <= t) this.nextAt += (Math.floor((t - this.nextAt) / TICK_MS) + 1) * TICK_MS;
  }
}
