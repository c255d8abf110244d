import type { CrossPipelineCall } from '../../engine/cross-pipeline/call';
import { GatewayError } from '../../errors';
import type { PipelineContext } from '../../engine/pipeline-context';
import type { Task } from '../../engine/task';
import { definePlugin, type PluginInstance } from '../../engine/types';
import { downstreamInputSchema, type DownstreamInputConfig } from './schema';

/**
 * The source of a pipeline that serves cross-pipeline calls (reference §2.6): each call an
 * UpstreamOutput commits becomes a task carrying the call's data; when the task finishes, the
 * values of `response_data_keys`, its error and result code are the answer. The answer is handed
 * over directly (no response queue), and streams in it are passed on unread.
 */
export class DownstreamInput implements PluginInstance {
  constructor(private readonly c: Readonly<DownstreamInputConfig>) {}

  prepare(ctx: PipelineContext): () => void {
    const inbox = ctx.crossPipeline;
    if (inbox === undefined) throw new GatewayError('GW_PIPELINE_ORDER', 'DownstreamInput needs a LinearPipeline', { field: 'config.plugin_name' });
    const pipeline = ctx.pipelineName;
    return inbox.attach((task, call) => this.receive(task, call, pipeline));
  }

  private receive(task: Task, call: CrossPipelineCall, pipeline: string): void {
    for (const [k, v] of call.data) task.setValue(k, v);
    const keys = this.c.response_data_keys;
    task.addFinishedCallback((t) => {
      const data = new Map<string, unknown>();
      for (let i = 0; i < keys.length; i++) {
        const v = t.value(keys[i]!);
        if (v !== undefined) data.set(keys[i]!, v);
      }
      call.respond({ pipeline, data, error: t.error, errorCode: t.errorCode, resultCode: t.resultCode });
    });
  }

  /** The call's data arrived with the task; nothing is left to do. */
  run(): void {}
}

export const downstreamInputPlugin = definePlugin<DownstreamInputConfig>({
  kind: 'DownstreamInput',
  description: 'Source of a pipeline that serves calls from UpstreamOutput plugins; answers with response_data_keys.',
  schema: downstreamInputSchema,
  checkInPipeline: (c, ctx) =>
    ctx.index === 0 ? undefined : { field: 'config.plugin_names', message: `DownstreamInput ${c.plugin_name} must be the first plugin of its pipeline (it is the source)` },
  create: (config) => new DownstreamInput(config),
});
