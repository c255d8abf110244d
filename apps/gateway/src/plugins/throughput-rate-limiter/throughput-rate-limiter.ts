import type { Clock } from '../../engine/clock';
import type { PipelineContext } from '../../engine/pipeline-context';
import { ResultCode, type Task } from '../../engine/task';
import type { PluginDescriptor, PluginEnv, PluginInstance } from '../../engine/types';
import { throughputRateLimiterSchema, type ThroughputRateLimiterConfig } from './schema';
import { TokenBucket } from './token-bucket';

const BUCKET_KEY = 'token-bucket';

/**
 * Token-bucket rate limiting (reference §2.7): burst floor(tps)+1; requests without a token wait
 * up to `timeout_msec` for one, or get 429. The bucket lives in the pipeline's data bucket of this
 * instance, so every concurrent task of the pipeline draws from the same one.
 */
export class ThroughputRateLimiter implements PluginInstance {
  private readonly tps: number;

  constructor(
    private readonly c: Readonly<ThroughputRateLimiterConfig>,
    private readonly env: PluginEnv,
  ) {
    this.tps = Number(c.tps);
  }

  run(task: Task, ctx: PipelineContext): void | Promise<void> {
    if (this.tps < 0) return;
    if (this.tps === 0) {
      task.setError('rate limit is 0 requests per second', ResultCode.FlowControl, 'GW_FLOW_CONTROL');
      return;
    }
    const bucket = this.bucket(ctx);
    if (bucket.allow()) return;
    if (this.c.timeout_msec === 0) {
      task.setError('too many requests (without queuing)', ResultCode.FlowControl, 'GW_FLOW_CONTROL');
      return;
    }
    const wait = bucket.reserve(this.c.timeout_msec);
    if (wait < 0) {
      task.setError('too many requests (queuing timeout)', ResultCode.FlowControl, 'GW_FLOW_CONTROL');
      return;
    }
    return this.waitFor(task, bucket, wait, this.env.clock);
  }

  private bucket(ctx: PipelineContext): TokenBucket {
    return ctx
      .dataBucket(this.env.pluginName, String(this.env.generation))
      .queryDataWithBindDefault(BUCKET_KEY, () => new TokenBucket(this.tps, Math.floor(this.tps) + 1, this.env.clock));
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

export const throughputRateLimiterPlugin: PluginDescriptor<ThroughputRateLimiterConfig> = {
  kind: 'ThroughputRateLimiter',
  description: 'Token-bucket rate limiter: passes at most tps requests per second (burst floor(tps)+1), queuing up to timeout_msec, else 429.',
  schema: throughputRateLimiterSchema,
  create: (config, env) => new ThroughputRateLimiter(config, env),
};
