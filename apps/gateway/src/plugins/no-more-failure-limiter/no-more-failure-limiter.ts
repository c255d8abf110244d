import type { PipelineContext } from '../../engine/pipeline-context';
import type { Task } from '../../engine/task';
import { TaskValueTypeError, taskKey, type TaskKey } from '../../engine/task-key';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { noMoreFailureLimiterErrors } from './errors';
import { noMoreFailureLimiterSchema, type NoMoreFailureLimiterConfig } from './schema';

const COUNTER_KEY = 'failure-counter';

/** The failures counted in one pipeline; kept in the pipeline's data bucket of the instance. */
interface FailureCounter {
  count: number;
}

type Scalar = string | number | boolean;

/**
 * Counts finished tasks whose value under `failure_task_data_key` equals
 * `failure_task_data_value`; from `failure_count_threshold` on, refuses every request with 429
 * (reference §2.7; the flash sale's "sold out"). The count lives in the pipeline's data bucket of
 * this instance, so a config update starts it afresh. The value is read once the task finished —
 * too late to fail it — so a value of the wrong type is logged (naming plugin and key) and not counted.
 */
export class NoMoreFailureLimiter implements PluginInstance {
  private readonly counters = new Map<PipelineContext, FailureCounter>();
  private readonly failureKey: TaskKey<Scalar>;
  private warned = false;

  constructor(
    private readonly c: Readonly<NoMoreFailureLimiterConfig>,
    private readonly env: PluginEnv,
  ) {
    this.failureKey = taskKey(c.failure_task_data_key, 'a string, number or boolean', (v): v is Scalar => ['string', 'number', 'boolean'].includes(typeof v));
  }

  prepare(ctx: PipelineContext): () => void {
    const name = this.env.pluginName;
    const counter = ctx.dataBucket(name, String(this.env.generation)).queryDataWithBindDefault<FailureCounter>(COUNTER_KEY, () => ({ count: 0 }));
    this.counters.set(ctx, counter);
    const remove = ctx.statistics.registerIndicator(name, 'FAILURE_COUNT', 'finished tasks counted as failures (requests are refused from failure_count_threshold on)', () => counter.count);
    return () => {
      remove();
      if (this.counters.get(ctx) === counter) this.counters.delete(ctx);
    };
  }

  run(task: Task, ctx: PipelineContext): void {
    const counter = this.counters.get(ctx);
    if (counter === undefined) throw new Error(`NoMoreFailureLimiter ${this.env.pluginName} runs in a pipeline it was not prepared for`);
    if (counter.count >= this.c.failure_count_threshold) {
      noMoreFailureLimiterErrors.fail(task, 'GW_FLOW_CONTROL', `no more requests: ${counter.count} failures reached the threshold of ${this.c.failure_count_threshold}`);
      return;
    }
    task.addFinishedCallback((t) => {
      if (this.isFailure(t)) counter.count++;
    });
  }

  private isFailure(task: Task): boolean {
    try {
      const v = task.get(this.failureKey);
      return v !== undefined && String(v) === this.c.failure_task_data_value;
    } catch (err) {
      if (!(err instanceof TaskValueTypeError)) throw err;
      if (!this.warned) this.env.logger.warn({ plugin: this.env.pluginName, key: err.key }, `plugin ${this.env.pluginName}: ${err.message}; not counted`);
      this.warned = true;
      return false;
    }
  }
}

export const noMoreFailureLimiterPlugin = definePlugin<NoMoreFailureLimiterConfig>({
  kind: 'NoMoreFailureLimiter',
  description: 'Refuses every request (429) once failure_count_threshold finished tasks had failure_task_data_value under failure_task_data_key.',
  schema: noMoreFailureLimiterSchema,
  errors: noMoreFailureLimiterErrors,
  create: (config, env) => new NoMoreFailureLimiter(config, env),
});
