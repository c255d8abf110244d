import type { PipelineContext } from '../../engine/pipeline-context';
import type { Meter } from '../../engine/statistics/meter';
import type { Task } from '../../engine/task';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { staticProbabilityLimiterErrors } from './errors';
import { staticProbabilityLimiterSchema, type StaticProbabilityLimiterConfig } from './schema';

/**
 * Passes each request with probability `pass_pr`, refuses the rest with 429 (reference §2.7:
 * `rand < pass_pr`). Stateless apart from a meter of refusals; the flash-sale recipe puts it in
 * front of the backend to let a fixed share of the crowd through.
 */
export class StaticProbabilityLimiter implements PluginInstance {
  private readonly refused = new Map<PipelineContext, Meter>();

  constructor(
    private readonly c: Readonly<StaticProbabilityLimiterConfig>,
    private readonly env: PluginEnv,
    private readonly random: () => number = Math.random,
  ) {}

  prepare(ctx: PipelineContext): () => void {
    const name = this.env.pluginName;
    const meter = ctx.statistics.meter(name, 'refused');
    this.refused.set(ctx, meter);
    const remove = ctx.statistics.registerIndicator(name, 'FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN', 'requests refused (429) per second over about 1 min', () => meter.rate(1));
    return () => {
      remove();
      if (this.refused.get(ctx) === meter) this.refused.delete(ctx);
    };
  }

  run(task: Task, ctx: PipelineContext): void {
    if (this.random() < this.c.pass_pr) return;
    this.refused.get(ctx)?.mark();
    staticProbabilityLimiterErrors.fail(task, 'GW_FLOW_CONTROL');
  }
}

export const staticProbabilityLimiterPlugin = definePlugin<StaticProbabilityLimiterConfig>({
  kind: 'StaticProbabilityLimiter',
  description: 'Passes each request with probability pass_pr; refuses the others with 429.',
  schema: staticProbabilityLimiterSchema,
  errors: staticProbabilityLimiterErrors,
  create: (config, env) => new StaticProbabilityLimiter(config, env),
});
