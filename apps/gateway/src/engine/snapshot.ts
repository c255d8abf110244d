import type { InstanceHandle } from './instance-handle';
import type { PipelineContext } from './pipeline-context';
import type { ExecutionSeries } from './statistics/execution-series';
import type { PipelineStatistics } from './statistics/pipeline-statistics';
import type { PluginInstance } from './types';

/**
 * The plugin instances a pipeline runs, fixed for the tasks that start on it. A config update
 * builds a new snapshot; tasks already running finish on the old one, which lets go of its
 * instances when its last task is done. That is how an update fails no request in flight.
 */
export class Snapshot {
  readonly instances: PluginInstance[];
  readonly names: string[];
  readonly types: string[];
  /** Where each plugin's run samples go, by position (looked up once, not per task). */
  readonly series: ExecutionSeries[];
  inFlight = 0;
  private retired = false;
  private released = false;

  constructor(
    readonly handles: InstanceHandle[],
    private readonly undos: (() => void)[],
    stats: PipelineStatistics,
  ) {
    this.instances = handles.map((h) => h.instance);
    this.names = handles.map((h) => h.pluginName);
    this.series = this.names.map((n) => stats.pluginSeries(n));
    this.types = handles.map((h) => h.pluginType);
    for (const h of handles) h.retain();
  }

  /**
   * Undoes what `prepare` did in the context (routes come off the mux) and releases the
   * instances once no task runs on this snapshot. `keep` are handles the successor also holds,
   * whose per-instance data buckets must survive.
   */
  retire(ctx: PipelineContext, keep: ReadonlySet<InstanceHandle>): void {
    if (this.retired) return;
    this.retired = true;
    for (let i = this.undos.length - 1; i >= 0; i--) this.undos[i]!();
    for (const h of this.handles) if (!keep.has(h)) ctx.deleteBucket(h.pluginName, h.instanceId);
    this.releaseIfDrained();
  }

  /** Called when a task that ran on this snapshot finished. */
  taskDone(): void {
    this.inFlight--;
    if (this.retired) this.releaseIfDrained();
  }

  private releaseIfDrained(): void {
    if (this.inFlight > 0 || this.released) return;
    this.released = true;
    for (const h of this.handles) h.release();
  }
}

/**
 * Builds a snapshot: prepares every instance in the context in order. When a prepare throws,
 * what was prepared is undone and the handles are released, so nothing is left half-applied.
 */
export function prepareSnapshot(handles: InstanceHandle[], ctx: PipelineContext, stats: PipelineStatistics): Snapshot {
  const undos: (() => void)[] = [];
  try {
    for (const h of handles) {
      const undo = h.instance.prepare?.(ctx);
      if (typeof undo === 'function') undos.push(undo);
    }
  } catch (err) {
    for (let i = undos.length - 1; i >= 0; i--) undos[i]!();
    for (const h of handles) if (h.refs === 0) h.close();
    throw err;
  }
  return new Snapshot(handles, undos, stats);
}
