import { ManualClock } from '../../src/engine/clock';
import { silentLogger } from '../../src/engine/logger';
import { PipelineContext } from '../../src/engine/pipeline-context';
import { PipelineStatistics } from '../../src/engine/statistics/pipeline-statistics';
import { MapServiceDirectory } from '../../src/engine/service-directory';
import { Task, TaskStatus } from '../../src/engine/task';
import { compileConfigSchema } from '../../src/engine/schema';
import type { ThroughputRateLimiterConfig } from '../../src/plugins/throughput-rate-limiter/schema';
import { throughputRateLimiterPlugin } from '../../src/plugins/throughput-rate-limiter/throughput-rate-limiter';

const withDefaults = compileConfigSchema<ThroughputRateLimiterConfig>('ThroughputRateLimiter', throughputRateLimiterPlugin.typed.schema);

/** One limiter instance in one pipeline context on a manual clock, for the limiter's tests. */
export function limiterUnderTest(tps: string, timeout_msec = 200, more: Partial<ThroughputRateLimiterConfig> = {}) {
  const clock = new ManualClock();
  const stats = new PipelineStatistics('p');
  const ctx = new PipelineContext('p', ['lim'], { parallelism: () => 1, inFlight: () => 0, waitQueueLength: () => 0 }, stats);
  const limiter = throughputRateLimiterPlugin.typed.create(
    withDefaults({ plugin_name: 'lim', tps, timeout_msec, flow_control_percentage_key: 'FLOW_PCT', ...more }),
    { clock, logger: silentLogger, services: new MapServiceDirectory(), pluginName: 'lim', generation: 0 },
  );
  const unprepare = limiter.prepare?.(ctx) ?? (() => undefined);
  /** Runs one task; `passed` resolves true when it got through, false on 429. */
  const run = (values: Record<string, unknown> = {}) => {
    const task = new Task(undefined, clock.now());
    task.setStatus(TaskStatus.Running);
    for (const [k, v] of Object.entries(values)) task.setValue(k, v);
    const r = limiter.run(task, ctx);
    let settled = r === undefined;
    const passed = Promise.resolve(r).then(() => {
      settled = true;
      return task.error === undefined;
    });
    return { task, passed, waited: r !== undefined, isSettled: () => settled };
  };
  return { clock, ctx, stats, limiter, unprepare, run };
}

/** Lets promise callbacks run. */
export const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The defaults the admin API fills into a local ThroughputRateLimiter besides tps, timeout and key. */
export const LIMITER_POLICY_DEFAULTS = {
  policy: 'local',
  limit_by_key: '',
  max_keys: 10000,
  window_limit: 0,
  window_sec: 1,
  redis_url: 'redis://127.0.0.1:6379',
  redis_prefix: 'gatehouse:ratelimit:',
  redis_timeout_msec: 200,
  redis_failure: 'open',
  rate_limit_headers: true,
} as const;
