import type { Readable } from 'node:stream';
import { destroyStreams, type CrossPipelineResponse } from '../../engine/cross-pipeline/call';
import { noPipelines, type PipelineDirectory } from '../../engine/cross-pipeline/directory';
import type { PipelineContext } from '../../engine/pipeline-context';
import { ResultCode, type Task } from '../../engine/task';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { upstreamOutputErrors } from './errors';
import type { Balancer, Random } from './policies/balancer';
import { FilterPick } from './policies/filter';
import { checkPolicyOptions, createBalancer } from './policies/index';
import { RetryOrder } from './policies/retry';
import { upstreamOutputSchema, type UpstreamOutputConfig } from './schema';
import { callFor, sendCall } from './send';

/**
 * Sends the task to other pipelines (reference §2.6): a route policy picks the target(s); each
 * call hands over the values of `request_data_keys` — body streams by reference, unread — and
 * the answer's data (the target's `response_data_keys`), error and result code come back into
 * the task. This is how one API pipeline spreads load over one pipeline per backend node.
 */
export class UpstreamOutput implements PluginInstance {
  private readonly balancer: Balancer | undefined;
  private readonly retry: RetryOrder | undefined;
  private readonly pipelines: PipelineDirectory;
  private readonly timeoutMs: number;

  constructor(
    private readonly c: Readonly<UpstreamOutputConfig>,
    private readonly env: PluginEnv,
    random: Random = Math.random,
  ) {
    this.pipelines = env.pipelines ?? noPipelines;
    this.timeoutMs = c.timeout_sec * 1000;
    this.balancer = createBalancer(c, this.pipelines, random);
    this.retry = c.route_policy === 'retry' ? new RetryOrder(c.target_pipelines.length, random) : undefined;
  }

  run(task: Task, ctx: PipelineContext): Promise<void> | void {
    if (this.retry !== undefined) return this.runRetry(task, ctx, this.retry);
    if (this.balancer === undefined) return this.runFanout(task, ctx);
    const i = this.balancer.pick(task);
    if (i < 0) {
      const why = this.balancer instanceof FilterPick ? 'no target pipeline matches the task' : 'the route policy selects no target pipeline';
      task.setError(why, ResultCode.ServiceUnavailable, 'GW_SERVICE_UNAVAILABLE');
      return;
    }
    return this.send(task, ctx, i).then((r) => this.apply(task, r));
  }

  private send(task: Task, ctx: PipelineContext, i: number): Promise<CrossPipelineResponse> {
    const target = this.c.target_pipelines[i]!;
    return sendCall(this.pipelines, this.env.clock, this.timeoutMs, task, target, callFor(task, ctx.pipelineName, this.c.request_data_keys));
  }

  /** Copies the answer into the task; its error becomes the task's. A cancelled task only frees the streams. */
  private apply(task: Task, r: CrossPipelineResponse): void {
    if (task.cancelled) {
      destroyStreams(r.data);
      return;
    }
    for (const [k, v] of r.data) task.setValue(k, v);
    if (r.error !== undefined) task.setError(`pipeline ${r.pipeline}: ${r.error}`, r.resultCode, r.errorCode);
  }

  /**
   * `retry`: targets in the policy's order until one succeeds; the last one's error is reported.
   * A request stream the failed try already started to read cannot be sent again: then the
   * failure is reported at once instead of retried with half a body.
   */
  private async runRetry(task: Task, ctx: PipelineContext, order: RetryOrder): Promise<void> {
    const plan = order.plan();
    for (let k = 0; k < plan.length; k++) {
      const i = plan[k]!;
      const r = await this.send(task, ctx, i);
      order.record(i, r.error === undefined);
      if (r.error === undefined || k === plan.length - 1 || task.cancelled || this.bodyConsumed(task)) {
        this.apply(task, r);
        return;
      }
      destroyStreams(r.data);
    }
  }

  private bodyConsumed(task: Task): boolean {
    for (const key of this.c.request_data_keys) {
      const v = task.value(key) as Partial<Readable> | undefined;
      if (v !== null && typeof v === 'object' && typeof v.pipe === 'function' && (v.readableDidRead === true || v.destroyed === true)) return true;
    }
    return false;
  }

  /**
   * `fanout`: every target gets the call; only the flagged ones are waited for, and their answers
   * are copied in target order (the first failing one's error is the task's). The others run on
   * their own; what they answer is dropped.
   */
  private async runFanout(task: Task, ctx: PipelineContext): Promise<void> {
    const flags = this.c.target_response_flags;
    const waited: Promise<CrossPipelineResponse>[] = [];
    for (let i = 0; i < this.c.target_pipelines.length; i++) {
      const call = callFor(task, ctx.pipelineName, this.c.request_data_keys);
      const target = this.c.target_pipelines[i]!;
      if (flags[i] === true) {
        waited.push(sendCall(this.pipelines, this.env.clock, this.timeoutMs, task, target, call));
        continue;
      }
      call.detach();
      const inbox = this.pipelines.inbox(target);
      if (inbox === undefined || inbox.commit(call) !== 'accepted') this.env.logger.warn({ plugin: this.c.plugin_name, target }, 'fanout target did not take the call');
    }
    const answers = await Promise.all(waited);
    let failed: CrossPipelineResponse | undefined;
    for (const r of answers) {
      if (task.cancelled) destroyStreams(r.data);
      else for (const [k, v] of r.data) task.setValue(k, v);
      if (r.error !== undefined) failed ??= r;
    }
    if (failed !== undefined && !task.cancelled) task.setError(`pipeline ${failed.pipeline}: ${failed.error!}`, failed.resultCode, failed.errorCode);
  }
}

export const upstreamOutputPlugin = definePlugin<UpstreamOutputConfig>({
  kind: 'UpstreamOutput',
  description: 'Sends the task to other pipelines (each starting with a DownstreamInput) by a route policy and takes their answer.',
  schema: upstreamOutputSchema,
  errors: upstreamOutputErrors,
  validate: (c) => {
    const problem = checkPolicyOptions(c);
    if (problem) return problem;
    // Compiles the filter regexes now: a bad or unsafe one is refused with its field.
    if (c.route_policy === 'filter') new FilterPick(c.filter_conditions);
    return undefined;
  },
  referencedPipelines: (c) => c.target_pipelines,
  create: (config, env) => new UpstreamOutput(config, env),
});
