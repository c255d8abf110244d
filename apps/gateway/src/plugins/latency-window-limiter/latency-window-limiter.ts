import type { Clock } from '../../engine/clock';
import type { PipelineContext } from '../../engine/pipeline-context';
import type { StatisticsReader } from '../../engine/statistics/pipeline-statistics';
import type { Task } from '../../engine/task';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { sumOverPlugins } from '../shared/plugins-concerned';
import { latencyWindowLimiterErrors } from './errors';
import { latencyWindowLimiterSchema, type LatencyWindowLimiterConfig } from './schema';
import { SlowRequestWindow } from './slow-request-window';

const WINDOW_KEY = 'latency-window';
/** Poll interval while backing off without a deadline (`backoff_timeout_msec: -1`). */
const UNBOUNDED_POLL_MS = 100;
/** Makes each preparation's tick-listener name unique (an instance may be prepared again in one context). */
let preparations = 0;

/** What the limiter keeps per pipeline it serves, resolved once in `prepare`. */
interface InPipeline {
  readonly window: SlowRequestWindow;
  readonly stats: StatisticsReader;
  /** Summed p90 (ms) of the concerned plugins; latency windows move only at ticks, so it is cached until the next. */
  p90SumMs: number | undefined;
}

/**
 * Adaptive, latency-driven limiting (reference §2.7). The slow-request counter lives in the
 * pipeline's data bucket of this instance; each admitted request's finished callback feeds it
 * the concerned plugins' summed p90. Rates come from this plugin's own statistics: inbound is
 * every run, outbound the runs it let through (its success rate) — its "all" rate would count the
 * refused ones too and the probe rule could never fire.
 */
export class LatencyWindowLimiter implements PluginInstance {
  private readonly pipelines = new Map<PipelineContext, InPipeline>();
  private readonly pollMs: number;

  constructor(
    private readonly c: Readonly<LatencyWindowLimiterConfig>,
    private readonly env: PluginEnv,
    private readonly random: () => number = Math.random,
  ) {
    this.pollMs = c.backoff_timeout_msec > 0 ? Math.max(1, Math.floor(c.backoff_timeout_msec / 10)) : UNBOUNDED_POLL_MS;
  }

  prepare(ctx: PipelineContext): () => void {
    const name = this.env.pluginName;
    const c = this.c;
    const window = ctx
      .dataBucket(name, String(this.env.generation))
      .queryDataWithBindDefault(WINDOW_KEY, () => new SlowRequestWindow(c.latency_threshold_msec, c.allow_msec, c.probe_percentage / 100));
    const state: InPipeline = { window, stats: ctx.statistics, p90SumMs: undefined };
    this.pipelines.set(ctx, state);
    const stats = ctx.statistics;
    const removers = [
      stats.onThroughputUpdated(`${name}#${++preparations}`, () => (state.p90SumMs = undefined)),
      stats.registerIndicator(name, 'LATENCY_WINDOW_COUNTER', 'recent slow requests the limiter counts', () => window.counter),
      // Summed across workers like the counter: allow_msec × each worker's outbound rate adds up
      // to allow_msec × the host's rate, so the host's counter and threshold stay comparable.
      stats.registerIndicator(
        name,
        'LATENCY_WINDOW_THRESHOLD',
        'counter value above which requests are limited (allow_msec × outbound rate)',
        () => window.threshold(this.outbound(state)),
        { aggregate: 'sum' },
      ),
      // A percentile does not add up; the workers' largest p90 bounds the host's p90 from above.
      stats.registerIndicator(name, 'CONCERNED_LATENCY_P90_MSEC', 'summed p90 execution time of plugins_concerned, ms', () => this.p90Sum(state), { aggregate: 'max' }),
    ];
    return () => {
      for (const r of removers) r();
      if (this.pipelines.get(ctx) === state) this.pipelines.delete(ctx);
    };
  }

  run(task: Task, ctx: PipelineContext): void | Promise<void> {
    const state = this.pipelines.get(ctx);
    if (state === undefined) throw new Error(`LatencyWindowLimiter ${this.env.pluginName} runs in a pipeline it was not prepared for`);
    const outbound = this.outbound(state);
    if (!state.window.limited(outbound) || state.window.isProbe(this.inbound(state), outbound, this.random)) return this.admit(task, state);
    if (this.c.backoff_timeout_msec === 0) return this.refuse(task, 'the backend is slow (without back-off)');
    return this.backOff(task, state, this.env.clock);
  }

  private admit(task: Task, state: InPipeline): void {
    task.addFinishedCallback(() => state.window.finished(this.p90Sum(state), this.outbound(state)));
  }

  private refuse(task: Task, message: string): void {
    latencyWindowLimiterErrors.fail(task, 'GW_FLOW_CONTROL', message);
  }

  /** Polls every backoff/10 ms until the window has room (pass) or the back-off ends (429). */
  private backOff(task: Task, state: InPipeline, clock: Clock): Promise<void> {
    const deadline = this.c.backoff_timeout_msec < 0 ? Infinity : clock.now() + this.c.backoff_timeout_msec;
    return new Promise<void>((resolve) => {
      const signal = task.signal;
      const onAbort = (): void => {
        clock.clearTimeout(timer);
        resolve();
      };
      const poll = (): void => {
        if (!state.window.limited(this.outbound(state))) {
          signal.removeListener('abort', onAbort);
          this.admit(task, state);
          resolve();
          return;
        }
        const left = deadline - clock.now();
        if (left <= 0) {
          signal.removeListener('abort', onAbort);
          this.refuse(task, 'the backend is slow (back-off timeout)');
          resolve();
          return;
        }
        timer = clock.setTimeout(poll, Math.min(this.pollMs, left));
      };
      let timer = clock.setTimeout(poll, Math.min(this.pollMs, deadline - clock.now()));
      signal.once('abort', onAbort);
    });
  }

  private outbound(state: InPipeline): number {
    return state.stats.plugin(this.env.pluginName)?.rate(1, 'success') ?? 0;
  }

  private inbound(state: InPipeline): number {
    return state.stats.plugin(this.env.pluginName)?.rate(1, 'all') ?? 0;
  }

  private p90Sum(state: InPipeline): number {
    return (state.p90SumMs ??= sumOverPlugins(state.stats, this.c.plugins_concerned, (s) => s.latency('all').quantile(0.9)) / 1e6);
  }
}

export const latencyWindowLimiterPlugin = definePlugin<LatencyWindowLimiterConfig>({
  kind: 'LatencyWindowLimiter',
  description: 'Adaptive limiter: refuses (429) or backs off requests while the concerned plugins\u2019 p90 stays above a threshold.',
  schema: latencyWindowLimiterSchema,
  errors: latencyWindowLimiterErrors,
  create: (config, env) => new LatencyWindowLimiter(config, env),
});
