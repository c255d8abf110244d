import { DataBucket, PLUGIN_WIDE } from './data-bucket';
import { PipelineStatistics, type StatisticsReader } from './statistics/pipeline-statistics';

import type { Task } from './task';
import type { CrossPipelineInbox } from './cross-pipeline/inbox';

/**
 * How a source plugin starts a task: `init` runs on the new task before any plugin does. Returns
 * undefined when the pipeline cannot take the task (stopped, wait queue full).
 */
export type SourceTrigger = (source: unknown, init?: (task: Task) => void) => Task | undefined;

/**
 * One per pipeline, alive as long as the pipeline: its name and plugins, its data buckets, its
 * statistics, and the trigger through which source plugins (HTTPInput) start tasks.
 */
export class PipelineContext {
  private readonly buckets = new Map<string, DataBucket>();
  /** Set by the pipeline that owns the context. */
  trigger: SourceTrigger = () => undefined;
  /** Set by the pipeline that owns the context: where a DownstreamInput attaches to take cross-pipeline calls. */
  crossPipeline: CrossPipelineInbox | undefined;

  constructor(
    readonly pipelineName: string,
    public pluginNames: readonly string[],
    private readonly counters: { parallelism(): number; inFlight(): number; waitQueueLength(): number },
    /** Rates, percentiles and counts of the pipeline and its plugins; custom indicators. */
    readonly statistics: StatisticsReader = new PipelineStatistics(pipelineName),
  ) {}

  parallelism(): number {
    return this.counters.parallelism();
  }

  inFlight(): number {
    return this.counters.inFlight();
  }

  waitQueueLength(): number {
    return this.counters.waitQueueLength();
  }

  /** The bucket of `pluginName` for `instanceId`; `"*"` or empty selects the plugin-wide one. */
  dataBucket(pluginName: string, instanceId: string): DataBucket {
    const key = bucketKey(pluginName, instanceId);
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = new DataBucket();
      this.buckets.set(key, b);
    }
    return b;
  }

  deleteBucket(pluginName: string, instanceId: string): void {
    this.buckets.delete(bucketKey(pluginName, instanceId));
  }

  /** Drops every bucket of `pluginName` (the plugin left the pipeline or was deleted). */
  deletePluginBuckets(pluginName: string): void {
    const prefix = `${pluginName}\u0000`;
    for (const key of [...this.buckets.keys()]) if (key.startsWith(prefix)) this.buckets.delete(key);
  }

  close(): void {
    this.buckets.clear();
    this.trigger = () => undefined;
  }
}

/** Map key of a bucket; `"*"` or empty selects the plugin-wide one. */
function bucketKey(pluginName: string, instanceId: string): string {
  return `${pluginName}\u0000${instanceId || PLUGIN_WIDE}`;
}
