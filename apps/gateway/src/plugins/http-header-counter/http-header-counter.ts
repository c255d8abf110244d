import type { PipelineContext } from '../../engine/pipeline-context';
import type { Task } from '../../engine/task';
import { TaskKeys, type TaskKey } from '../../engine/task-key';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { RecentValues } from './recent-values';
import { httpHeaderCounterSchema, type HttpHeaderCounterConfig } from './schema';

const VALUES_BUCKET_KEY = 'recent-values';

/**
 * Counts the distinct values of one request header seen within `expiration_sec` (reference
 * §2.5: a session counter for a flash sale), shown as the RECENT_HEADER_COUNT indicator. The
 * header is read through HTTPInput's CGI key `HTTP_<HEADER>`; requests without it are not counted.
 * Never fails a task.
 */
export class HttpHeaderCounter implements PluginInstance {
  private readonly header: TaskKey<string>;
  private readonly pipelines = new Map<PipelineContext, RecentValues>();

  constructor(
    private readonly c: Readonly<HttpHeaderCounterConfig>,
    private readonly env: PluginEnv,
  ) {
    this.header = TaskKeys.string(`HTTP_${c.header_concerned.toUpperCase().replace(/-/g, '_')}`);
  }

  prepare(ctx: PipelineContext): () => void {
    const name = this.env.pluginName;
    const values = ctx
      .dataBucket(name, String(this.env.generation))
      .queryDataWithBindDefault(VALUES_BUCKET_KEY, () => new RecentValues(this.c.expiration_sec * 1000, this.c.max_values));
    this.pipelines.set(ctx, values);
    // Distinct values do not add up (two workers may see the same one): the largest worker's
    // count is a lower bound of the host's.
    const unregister = ctx.statistics.registerIndicator(
      name,
      'RECENT_HEADER_COUNT',
      `distinct ${this.c.header_concerned} values seen in the last ${this.c.expiration_sec} s`,
      () => values.count(this.env.clock.now()),
      { aggregate: 'max' },
    );
    return () => {
      unregister();
      if (this.pipelines.get(ctx) === values) this.pipelines.delete(ctx);
    };
  }

  run(task: Task, ctx: PipelineContext): void {
    const values = this.pipelines.get(ctx);
    if (values === undefined) throw new Error(`HTTPHeaderCounter ${this.env.pluginName} runs in a pipeline it was not prepared for`);
    const v = task.get(this.header);
    if (v !== undefined && v !== '') values.see(v, this.env.clock.now());
  }
}

export const httpHeaderCounterPlugin = definePlugin<HttpHeaderCounterConfig>({
  kind: 'HTTPHeaderCounter',
  description: 'Counts the distinct values of a request header seen within expiration_sec (indicator RECENT_HEADER_COUNT), in bounded memory.',
  schema: httpHeaderCounterSchema,
  create: (config, env) => new HttpHeaderCounter(config, env),
});
