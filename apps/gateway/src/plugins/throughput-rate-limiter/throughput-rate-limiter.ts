import type { Clock } from '../../engine/clock';
import type { PipelineContext } from '../../engine/pipeline-context';
import type { Meter } from '../../engine/statistics/meter';
import type { Task } from '../../engine/task';
import { TaskKeys, type TaskKey } from '../../engine/task-key';
import { throughputRateLimiterErrors } from './errors';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { flowControlledPercent, registerRateIndicators } from './rate-indicators';
import { throughputRateLimiterSchema, type ThroughputRateLimiterConfig } from './schema';
import { TokenBucket } from './token-bucket';

const BUCKET_KEY = 'token-bucket';

/** What the limiter keeps per pipeline it serves, resolved once in `prepare`. */
interface InPipeline {
  bucket: TokenBucket | undefined;
  /** Requests that reached the limiter. */
  inbound: Meter;
  /** Requests it refused (429). */
  limited: Meter;
}

/**
 * Token-bucket rate limiting (reference §2.7): burst floor(tps)+1; requests without a token wait
 * up to `timeout_msec` for one, or get 429. The bucket lives in the pipeline's data bucket of this
 * instance, so every concurrent task of the pipeline draws from the same one. Inbound and
 * flow-controlled rates are meters of the pipeline's statistics, shown as indicators.
 */
export class ThroughputRateLimiter implements PluginInstance {
  private readonly tps: number;
  private readonly flowPercentKey: TaskKey<number> | undefined;
  private readonly pipelines = new Map<PipelineContext, InPipeline>();

  constructor(
    private readonly c: Readonly<ThroughputRateLimiterConfig>,
    private readonly env: PluginEnv,
  ) {
    this.tps = Number(c.tps);
    this.flowPercentKey = c.flow_control_percentage_key ? TaskKeys.number(c.flow_control_percentage_key) : undefined;
  }

  prepare(ctx: PipelineContext): () => void {
    const name = this.env.pluginName;
    const stats = ctx.statistics;
    const state: InPipeline = {
      bucket:
        this.tps > 0
          ? ctx
              .dataBucket(name, String(this.env.generation))
              .queryDataWithBindDefault(BUCKET_KEY, () => new TokenBucket(this.tps, Math.floor(this.tps) + 1, this.env.clock))
          : undefined,
      inbound: stats.meter(name, 'inbound'),
      limited: stats.meter(name, 'flow-controlled'),
    };
    this.pipelines.set(ctx, state);
    const unregister = registerRateIndicators(stats, name, state.inbound, state.limited);
    return () => {
      unregister();
      if (this.pipelines.get(ctx) === state) this.pipelines.delete(ctx);
    };
  }

  run(task: Task, ctx: PipelineContext): void | Promise<void> {
    const state = this.pipelines.get(ctx);
    if (state === undefined) throw new Error(`ThroughputRateLimiter ${this.env.pluginName} runs in a pipeline it was not prepared for`);
    state.inbound.mark();
    if (this.flowPercentKey !== undefined) task.put(this.flowPercentKey, flowControlledPercent(state.inbound, state.limited));
    if (this.tps < 0) return;
    const bucket = state.bucket;
    if (bucket === undefined) return this.refuse(task, state, 'rate limit is 0 requests per second');
    if (bucket.allow()) return;
    if (this.c.timeout_msec === 0) return this.refuse(task, state, 'too many requests (without queuing)');
    const wait = bucket.reserve(this.c.timeout_msec);
    if (wait < 0) return this.refuse(task, state, 'too many requests (queuing timeout)');
    return this.waitFor(task, bucket, wait, this.env.clock);
  }

  private refuse(task: Task, state: InPipeline, message: string): void {
    state.limited.mark();
    throughputRateLimiterErrors.fail(task, 'GW_FLOW_CONTROL', message);
  }

  /** Waits for a booked token; a cancelled task gives it back and ends at once. */
  private waitFor(task: Task, bucket: TokenBucket, ms: number, clock: Clock): Promise<void> {
    return new Promise<void>((resolve) => {
      const signal = task.signal;
      const onAbort = (): void => {
        clock.clearTimeout(timer);
        bucket.cancelReservation();
        resolve();
      };
      const timer = clock.setTimeout(() => {
        signal.removeListener('abort', onAbort);
        resolve();
      }, ms);
      signal.once('abort', onAbort);
    });
  }
}

export const throughputRateLimiterPlugin = definePlugin<ThroughputRateLimiterConfig>({
  errors: throughputRateLimiterErrors,
  kind: 'ThroughputRateLimiter',
  description: 'Token-bucket rate limiter: passes at most tps requests per second (burst floor(tps)+1), queuing up to timeout_msec, else 429.',
  schema: throughputRateLimiterSchema,
  create: (config, env) => new ThroughputRateLimiter(config, env),
});
