import type { PipelineContext } from '../../engine/pipeline-context';

/**
 * HTTPInput's indicators (reference §2.5): requests waiting for a free slot of the pipeline and
 * requests it is running. Returns the remover.
 */
export function registerQueueIndicators(ctx: PipelineContext, plugin: string): () => void {
  const a = ctx.statistics.registerIndicator(plugin, 'WAIT_QUEUE_LENGTH', 'requests waiting for a free slot of the pipeline', () => ctx.waitQueueLength());
  const b = ctx.statistics.registerIndicator(plugin, 'WIP_REQUEST_COUNT', 'requests the pipeline is working on', () => ctx.inFlight());
  return () => {
    a();
    b();
  };
}
