import type { Clock } from './clock';
import type { InstanceHandle } from './instance-handle';
import type { Logger } from './logger';
import { CrossPipelineInbox } from './cross-pipeline/inbox';
import { PipelineContext } from './pipeline-context';
import type { LinearPipelineConfig } from './pipeline-config';
import { prepareSnapshot, type Snapshot } from './snapshot';
import type { PipelineStatistics } from './statistics/pipeline-statistics';
import type { StatisticsRegistry } from './statistics/statistics-registry';
import { ResultCode, Task, TaskStatus } from './task';
import { TaskValueTypeError } from './task-key';

/** Bounds of dynamic parallelism (`parallelism: 0`), as Ease Gateway's flags. */
export interface ParallelismBounds {
  /** @default 5 */
  min: number;
  /** @default 5120 */
  max: number;
  /** @default 5 */
  init: number;
  /** How often an idle pipeline shrinks its cap, in ms. @default 10000 */
  shrinkIntervalMs: number;
}

export const defaultParallelismBounds: ParallelismBounds = { min: 5, max: 5120, init: 5, shrinkIntervalMs: 10_000 };

/**
 * Runs each task through the plugins in order. At most `parallelism` tasks are in flight; the
 * rest wait in a FIFO queue. Plugins that return nothing are called back to back with no
 * promise in between; only async plugins leave the synchronous loop.
 *
 * It observes every task: the clock is read once at each plugin boundary, and each plugin run
 * (success = the task has no error after it) and each finished task (success = no error at
 * the end; the time includes waiting for a slot) become samples of the pipeline's statistics.
 */
export class LinearPipeline {
  readonly ctx: PipelineContext;
  readonly stats: PipelineStatistics;
  /** Where cross-pipeline calls to this pipeline arrive; they take free slots after its own queue. */
  readonly inbox: CrossPipelineInbox;
  private snap: Snapshot | undefined;
  private cap: number;
  private inFlight = 0;
  private peakInFlight = 0;
  private queue: Task[] = [];
  private queueHead = 0;
  private draining = false;
  private stopped = false;
  private shrinkTimer: ReturnType<Clock['setTimeout']> | undefined;

  constructor(
    private config: LinearPipelineConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly registry: StatisticsRegistry,
    private readonly bounds: ParallelismBounds = defaultParallelismBounds,
    /** Record samples; off only to measure what observing costs. */
    private readonly observe = true,
  ) {
    const counters = {
      parallelism: () => this.cap,
      inFlight: () => this.inFlight,
      waitQueueLength: () => this.queue.length - this.queueHead,
    };
    this.stats = registry.create(config.pipeline_name);
    this.stats.trackLoad(counters);
    this.ctx = new PipelineContext(config.pipeline_name, config.plugin_names, counters, this.stats);
    this.inbox = new CrossPipelineInbox(config.pipeline_name, config.cross_pipeline_request_backlog, { tryStart: (source, init) => this.tryStartNow(source, init) });
    this.ctx.crossPipeline = this.inbox;
    this.cap = this.initialCap();
    this.ctx.trigger = (source, init) => this.submit(source, init);
    if (config.parallelism === 0) this.scheduleShrink();
  }

  get name(): string {
    return this.config.pipeline_name;
  }

  /** Plugin handles of the current snapshot. */
  currentHandles(): readonly InstanceHandle[] {
    return this.snap?.handles ?? [];
  }

  /**
   * Prepares `handles` in this pipeline's context as a new snapshot, without activating it.
   * Throws (having undone everything) when a plugin refuses.
   */
  prepare(handles: InstanceHandle[]): Snapshot {
    return prepareSnapshot(handles, this.ctx, this.stats);
  }

  /** Makes `next` the snapshot new tasks run on; the old one retires when drained. */
  activate(next: Snapshot, config?: LinearPipelineConfig): void {
    const old = this.snap;
    this.snap = next;
    for (const h of next.handles) h.instance.activate?.(this.ctx);
    if (config) {
      const wasDynamic = this.config.parallelism === 0;
      this.config = config;
      this.ctx.pluginNames = config.plugin_names;
      this.inbox.setLimit(config.cross_pipeline_request_backlog);
      this.cap = this.initialCap();
      if (config.parallelism === 0 && !wasDynamic) this.scheduleShrink();
    }
    if (old) old.retire(this.ctx, new Set(next.handles));
    for (const h of old?.handles ?? []) {
      if (!next.handles.some((n) => n.pluginName === h.pluginName)) {
        this.ctx.deletePluginBuckets(h.pluginName);
        this.stats.dropPlugin(h.pluginName);
      }
    }
    this.drain();
  }

  /** Throws away a prepared snapshot that will not be activated. */
  discard(prepared: Snapshot): void {
    prepared.retire(this.ctx, new Set(this.snap?.handles ?? []));
    const live = new Set(this.snap?.names ?? []);
    for (const n of prepared.names) if (!live.has(n)) this.stats.dropPlugin(n);
  }

  /** Stops taking tasks, cancels queued ones and retires the snapshot. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.shrinkTimer !== undefined) this.clock.clearTimeout(this.shrinkTimer);
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const t = this.queue[i]!;
      t.cancel(ResultCode.ServiceUnavailable, 'pipeline stopped');
      t.finish(this.clock.now());
    }
    this.queue = [];
    this.queueHead = 0;
    this.inbox.close(`pipeline ${this.name} stopped`);
    this.snap?.retire(this.ctx, new Set());
    this.snap = undefined;
    this.ctx.close();
    this.registry.drop(this.stats);
  }

  /**
   * Entry point of source plugins: creates a task, lets `init` attach to it (finished callbacks,
   * cancellation), then runs or queues it. Undefined when the pipeline cannot take it (stopped,
   * or the wait queue is full): the source answers 503 itself.
   */
  submit(source: unknown, init?: (task: Task) => void): Task | undefined {
    if (this.stopped || this.snap === undefined) return undefined;
    const queued = this.queue.length - this.queueHead;
    const runNow = this.hasSlot();
    if (!runNow && queued >= this.config.max_wait_queue_length) return undefined;
    const task = new Task(source, this.clock.now());
    init?.(task);
    if (runNow) this.start(task);
    else this.queue.push(task);
    return task;
  }

  /** A free slot now, growing a dynamic pipeline's cap on pressure (Ease Gateway's wait-queue driven scaler). */
  private hasSlot(): boolean {
    if (this.inFlight < this.cap) return true;
    if (this.config.parallelism !== 0 || this.cap >= this.bounds.max) return false;
    this.cap = Math.min(this.bounds.max, this.cap * 2);
    return true;
  }

  /** The inbox's way in: a task starts only on a free slot, and never ahead of this pipeline's own queue. */
  private tryStartNow(source: unknown, init: (task: Task) => void): boolean {
    if (this.stopped || this.snap === undefined || this.queue.length > this.queueHead || !this.hasSlot()) return false;
    this.startNew(source, init);
    return true;
  }

  private startNew(source: unknown, init: (task: Task) => void): void {
    const task = new Task(source, this.clock.now());
    init(task);
    this.start(task);
  }

  private initialCap(): number {
    return this.config.parallelism > 0 ? this.config.parallelism : this.bounds.init;
  }

  private scheduleShrink(): void {
    if (this.shrinkTimer !== undefined) this.clock.clearTimeout(this.shrinkTimer);
    this.shrinkTimer = this.clock.setTimeout(() => {
      this.shrinkTimer = undefined;
      if (this.stopped || this.config.parallelism !== 0) return;
      if (this.peakInFlight * 2 < this.cap) this.cap = Math.max(this.bounds.min, Math.max(this.peakInFlight * 2, this.cap >> 1));
      this.peakInFlight = this.inFlight;
      this.scheduleShrink();
    }, this.bounds.shrinkIntervalMs);
  }

  private start(task: Task): void {
    const snap = this.snap!;
    snap.inFlight++;
    if (++this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    task.setStatus(TaskStatus.Running);
    this.runFrom(task, snap, 0, this.observe ? this.clock.now() : 0);
  }

  /** Runs plugins from `from` on; `startedAt` is when plugin `from` starts (clock ms). */
  private runFrom(task: Task, snap: Snapshot, from: number, startedAt: number): void {
    const instances = snap.instances;
    const n = instances.length;
    let t = startedAt;
    for (let i = from; i < n; i++) {
      let r: void | Promise<void>;
      try {
        r = instances[i]!.run(task, this.ctx);
      } catch (err) {
        this.broken(task, snap, i, err);
        r = undefined;
      }
      if (r !== undefined) {
        const runStart = t;
        r.then(
          () => this.afterAsync(task, snap, i, runStart),
          (err: unknown) => {
            this.broken(task, snap, i, err);
            this.afterAsync(task, snap, i, runStart);
          },
        );
        return;
      }
      if (this.observe) {
        const now = this.clock.now();
        snap.series[i]!.record((now - t) * 1e6, task.error === undefined);
        t = now;
      }
      if (task.status !== TaskStatus.Running && !this.goOn(task, snap, i)) break;
    }
    this.finish(task, snap);
  }

  private afterAsync(task: Task, snap: Snapshot, i: number, runStart: number): void {
    const now = this.observe ? this.clock.now() : 0;
    if (this.observe) snap.series[i]!.record((now - runStart) * 1e6, task.error === undefined);
    if (task.status !== TaskStatus.Running && !this.goOn(task, snap, i)) this.finish(task, snap);
    else this.runFrom(task, snap, i + 1, now);
  }

  /** After a plugin left the task not Running: true when a recovery put it back on track. */
  private goOn(task: Task, snap: Snapshot, i: number): boolean {
    if (task.status !== TaskStatus.ResponseImmediately) return false;
    task.errorPlugin ??= snap.names[i];
    return task.tryRecover(snap.types[i]!, snap.names[i]!);
  }

  /**
   * A plugin threw: the instance is broken. The task fails with 500; the plugin gets rebuilt. A
   * task value of the wrong type is the config's fault, not the instance's: the task fails with a
   * 500 naming the plugin and the key, and the instance stays.
   */
  private broken(task: Task, snap: Snapshot, i: number, err: unknown): void {
    const handle = snap.handles[i]!;
    if (err instanceof TaskValueTypeError) {
      this.logger.warn({ plugin: handle.pluginName, pipeline: this.name, key: err.key }, err.message);
      if (task.status === TaskStatus.Running || task.status === TaskStatus.Pending) {
        task.setError(`plugin ${handle.pluginName}: ${err.message}`, ResultCode.InternalServerError, 'GW_TASK_VALUE_TYPE');
      }
      task.errorPlugin = handle.pluginName;
      return;
    }
    this.logger.error({ err, plugin: handle.pluginName, pipeline: this.name }, 'plugin instance failed; it will be rebuilt');
    if (task.status === TaskStatus.Running || task.status === TaskStatus.Pending) {
      task.setError(`plugin ${handle.pluginName} failed`, ResultCode.InternalServerError, 'GW_INTERNAL');
    }
    task.errorPlugin = handle.pluginName;
    this.onBroken?.(handle);
  }

  /** Set by the gateway: rebuilds a plugin whose instance threw. */
  onBroken: ((handle: InstanceHandle) => void) | undefined;

  private finish(task: Task, snap: Snapshot): void {
    const now = this.clock.now();
    if (this.observe) {
      const error = task.error;
      this.stats.pipeline.record((now - task.startAt) * 1e6, error === undefined);
      if (error !== undefined) this.stats.errors.record(now, task.errorPlugin ?? '', task.resultCode, task.errorCode ?? '', error);
    }
    try {
      task.finish(now);
    } catch (err) {
      this.logger.error({ err, pipeline: this.name }, 'finished callback failed');
    }
    this.inFlight--;
    snap.taskDone();
    this.drain();
  }

  /** Starts queued tasks while there is room; re-entrant calls return at once. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queueHead < this.queue.length && this.inFlight < this.cap && this.snap !== undefined) {
        const t = this.queue[this.queueHead]!;
        this.queue[this.queueHead++] = undefined as unknown as Task;
        if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.queueHead);
          this.queueHead = 0;
        }
        if (t.cancelled) {
          t.finish(this.clock.now());
          continue;
        }
        this.start(t);
      }
      while (this.inbox.queued > 0 && this.inFlight < this.cap && this.snap !== undefined && !this.stopped) {
        const claimed = this.inbox.next();
        if (claimed === undefined) break;
        this.startNew(claimed.source, claimed.init);
      }
    } finally {
      this.draining = false;
    }
  }
}
