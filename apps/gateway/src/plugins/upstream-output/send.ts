import type { Clock } from '../../engine/clock';
import { CROSS_PIPELINE_DEPTH_KEY, CrossPipelineCall, MAX_CROSS_PIPELINE_DEPTH, type CrossPipelineResponse } from '../../engine/cross-pipeline/call';
import type { PipelineDirectory } from '../../engine/cross-pipeline/directory';
import { ResultCode, type Task } from '../../engine/task';
import type { upstreamOutputErrors } from './errors';

type UpstreamOutputErrorCode = Parameters<typeof upstreamOutputErrors.fail>[1];

/** A response the sender makes up when the target never answered. */
export function refusal(pipeline: string, error: string, errorCode: string): CrossPipelineResponse {
  return { pipeline, data: new Map(), error, errorCode, resultCode: ResultCode.ServiceUnavailable };
}

/**
 * Sends one call to `target` and resolves with its answer, or with a 503 made up here when the
 * target is not running, takes no calls, has a full backlog, or does not answer within
 * `timeoutMs`. Never rejects. When the task is cancelled (its client left) the call is given up
 * at once, which cancels the work done for it in the target.
 */
export function sendCall(
  pipelines: PipelineDirectory,
  clock: Clock,
  timeoutMs: number,
  task: Task,
  target: string,
  call: CrossPipelineCall,
): Promise<CrossPipelineResponse> {
  const inbox = pipelines.inbox(target);
  if (inbox === undefined) return Promise.resolve(refusal(target, `target pipeline ${target} is not running`, 'GW_SERVICE_UNAVAILABLE'));
  const committed = inbox.commit(call);
  if (committed === 'no-receiver') {
    return Promise.resolve(refusal(target, `target pipeline ${target} has no DownstreamInput to take the call`, 'GW_SERVICE_UNAVAILABLE'));
  }
  if (committed === 'too-deep') {
    return Promise.resolve(
      refusal(target, `cross-pipeline calls nest deeper than ${MAX_CROSS_PIPELINE_DEPTH} at ${target} (a cycle of UpstreamOutputs?)`, 'GW_SERVICE_UNAVAILABLE'),
    );
  }
  if (committed === 'backlog-full') {
    return Promise.resolve(refusal(target, `target pipeline ${target} has a full cross-pipeline backlog`, 'GW_QUEUE_FULL'));
  }
  if (call.done) return call.response;
  return new Promise((resolve) => {
    const signal = task.signal;
    const settle = (r: CrossPipelineResponse): void => {
      clock.clearTimeout(timer);
      signal.removeListener('abort', onCancel);
      resolve(r);
    };
    const onCancel = (): void => {
      call.giveUp('the calling task was cancelled');
      settle(refusal(target, 'the calling task was cancelled', 'GW_CLIENT_CLOSED_REQUEST'));
    };
    const timer = clock.setTimeout(() => {
      call.giveUp('timeout');
      settle(refusal(target, `target pipeline ${target} did not answer within ${timeoutMs / 1000}s`, 'GW_CROSS_PIPELINE_TIMEOUT' satisfies UpstreamOutputErrorCode));
    }, timeoutMs);
    void call.response.then(settle);
    signal.once('abort', onCancel);
  });
}

/** A call carrying the values of `keys` (those the task has) and the task's source. */
export function callFor(task: Task, sender: string, keys: readonly string[]): CrossPipelineCall {
  const data = new Map<string, unknown>();
  for (let i = 0; i < keys.length; i++) {
    const v = task.value(keys[i]!);
    if (v !== undefined) data.set(keys[i]!, v);
  }
  const depth = task.value(CROSS_PIPELINE_DEPTH_KEY);
  return new CrossPipelineCall(sender, data, task.source, (typeof depth === 'number' ? depth : 0) + 1);
}
