import type { Clock } from '../../engine/clock';
import type { PipelineContext } from '../../engine/pipeline-context';
import type { Meter } from '../../engine/statistics/meter';
import type { Task } from '../../engine/task';
import { TaskKeys, type TaskKey } from '../../engine/task-key';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { addResponseHeaders } from '../shared/response-headers';
import { throughputRateLimiterErrors } from './errors';
import { LocalBuckets } from './local-buckets';
import { rateLimitHeaders } from './rate-limit-headers';
import { flowControlledPercent, registerRateIndicators } from './rate-indicators';
import { RedisWindow, type WindowVerdict } from './redis-window';
import { throughputRateLimiterSchema, validateRateLimiter, type ThroughputRateLimiterConfig } from './schema';
import { TokenBucket } from './token-bucket';

const BUCKET_KEY = 'token-bucket';
const KEYED_BUCKETS_KEY = 'keyed-token-buckets';
/** The counter of requests that lack the key's value: they share one limit rather than escape it. */
const MISSING_KEY = '\u0000missing';

/** What the limiter keeps per pipeline it serves, resolved once in `prepare`. */
interface InPipeline {
  /** Local policy without `limit_by_key`. */
  bucket: TokenBucket | undefined;
  /** Local policy with `limit_by_key`. */
  keyed: LocalBuckets | undefined;
  /** Requests that reached the limiter. */
  inbound: Meter;
  /** Requests it refused (429). */
  limited: Meter;
}

/**
 * Rate limiting (reference §2.7), per pipeline or per value of a task key.
 * - local: token bucket, burst floor(tps)+1; requests without a token wait up to `timeout_msec`
 *   for one, or get 429. Buckets live in the pipeline's data bucket of this instance, so every
 *   concurrent task of the pipeline draws from the same one.
 * - redis: a sliding window of `window_limit` per `window_sec` counted in Redis, exact across
 *   gateways; `redis_failure` decides what happens when Redis does not answer in time.
 * Inbound and flow-controlled rates are meters of the pipeline's statistics, shown as indicators.
 */
export class ThroughputRateLimiter implements PluginInstance {
  private readonly tps: number;
  private readonly flowPercentKey: TaskKey<number> | undefined;
  private readonly pipelines = new Map<PipelineContext, InPipeline>();
  private readonly window: RedisWindow | undefined;
  /** Whether the last Redis call failed: logs once per outage, not once per request. */
  private storeDown = false;

  constructor(
    private readonly c: Readonly<ThroughputRateLimiterConfig>,
    private readonly env: PluginEnv,
  ) {
    this.tps = Number(c.tps);
    this.flowPercentKey = c.flow_control_percentage_key ? TaskKeys.number(c.flow_control_percentage_key) : undefined;
    this.window =
      c.policy === 'redis'
        ? new RedisWindow(c.redis_url, `${c.redis_prefix}${env.pluginName}:`, c.window_limit, c.window_sec * 1000, c.redis_timeout_msec)
        : undefined;
  }

  prepare(ctx: PipelineContext): () => void {
    const name = this.env.pluginName;
    const stats = ctx.statistics;
    const local = this.c.policy === 'local' && this.tps > 0;
    const bucket = ctx.dataBucket(name, String(this.env.generation));
    const state: InPipeline = {
      bucket:
        local && !this.c.limit_by_key
          ? bucket.queryDataWithBindDefault(BUCKET_KEY, () => new TokenBucket(this.tps, Math.floor(this.tps) + 1, this.env.clock))
          : undefined,
      keyed:
        local && this.c.limit_by_key
          ? bucket.queryDataWithBindDefault(KEYED_BUCKETS_KEY, () => new LocalBuckets(this.tps, this.c.max_keys, this.env.clock))
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
    if (this.window !== undefined) return this.runRedis(task, state, this.window);
    if (this.tps < 0) return;
    const bucket = state.keyed?.bucketFor(this.limitKey(task)) ?? state.bucket;
    if (bucket === undefined) return this.refuse(task, state, 'rate limit is 0 requests per second');
    if (bucket.allow()) return this.tellLocal(task, bucket, false);
    if (this.c.timeout_msec === 0) return this.refuse(task, state, 'too many requests (without queuing)', bucket);
    const wait = bucket.reserve(this.c.timeout_msec);
    if (wait < 0) return this.refuse(task, state, 'too many requests (queuing timeout)', bucket);
    this.tellLocal(task, bucket, false);
    return this.waitFor(task, bucket, wait, this.env.clock);
  }

  close(): void {
    this.window?.close();
  }

  /** The value of `limit_by_key` as a string; requests without one share a counter. */
  private limitKey(task: Task): string {
    const v = task.value(this.c.limit_by_key);
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    return MISSING_KEY;
  }

  private async runRedis(task: Task, state: InPipeline, window: RedisWindow): Promise<void> {
    const key = this.c.limit_by_key ? this.limitKey(task) : '';
    let verdict: WindowVerdict;
    try {
      verdict = await window.admit(key);
    } catch (err) {
      if (!this.storeDown) this.env.logger.warn({ err, plugin: this.env.pluginName, redis_failure: this.c.redis_failure }, 'rate-limit store did not answer');
      this.storeDown = true;
      if (this.c.redis_failure === 'open') return;
      throughputRateLimiterErrors.fail(task, 'GW_SERVICE_UNAVAILABLE', 'the rate-limit store is unavailable');
      return;
    }
    this.storeDown = false;
    const c = this.c;
    if (c.rate_limit_headers) {
      const remaining = c.window_limit - verdict.count;
      addResponseHeaders(task, rateLimitHeaders(c.window_limit, remaining, verdict.resetMs, !verdict.admitted, verdict.resetMs));
    }
    if (!verdict.admitted) this.refuse(task, state, `too many requests (more than ${c.window_limit} in ${c.window_sec} s)`);
  }

  private tellLocal(task: Task, bucket: TokenBucket, refused: boolean): void {
    if (!this.c.rate_limit_headers) return;
    addResponseHeaders(task, rateLimitHeaders(bucket.burst, bucket.remaining(), bucket.msUntilFull(), refused, bucket.msUntilToken()));
  }

  private refuse(task: Task, state: InPipeline, message: string, bucket?: TokenBucket): void {
    state.limited.mark();
    if (bucket !== undefined) this.tellLocal(task, bucket, true);
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
  description:
    'Rate limiter, per pipeline or per task-key value: a local token bucket (tps, burst floor(tps)+1, queuing up to timeout_msec) or a Redis sliding window exact across gateways; 429 with X-RateLimit-* and Retry-After.',
  schema: throughputRateLimiterSchema,
  validate: validateRateLimiter,
  create: (config, env) => new ThroughputRateLimiter(config, env),
});
