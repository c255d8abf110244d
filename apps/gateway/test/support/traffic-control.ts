import { ManualClock } from '../../src/engine/clock';
import { silentLogger } from '../../src/engine/logger';
import { PipelineContext } from '../../src/engine/pipeline-context';
import { PipelineStatistics } from '../../src/engine/statistics/pipeline-statistics';
import { MapServiceDirectory } from '../../src/engine/service-directory';
import { Task, TaskStatus } from '../../src/engine/task';
import type { PluginEnv, PluginInstance } from '../../src/engine/types';

/**
 * One traffic-control plugin instance in one pipeline context on a manual clock. `run` records
 * the instance's own run in its statistics the way LinearPipeline does; `backend` records runs of
 * another plugin (a concerned one); `tick` is the 5-s statistics tick.
 */
export function trafficControlUnderTest(name: string, create: (env: PluginEnv) => PluginInstance, others: string[] = ['backend']) {
  const clock = new ManualClock();
  const stats = new PipelineStatistics('p');
  const ctx = new PipelineContext('p', [name, ...others], { parallelism: () => 1, inFlight: () => 0, waitQueueLength: () => 0 }, stats);
  const instance = create({ clock, logger: silentLogger, services: new MapServiceDirectory(), pluginName: name, generation: 0 });
  const unprepare = instance.prepare?.(ctx) ?? (() => undefined);
  /** Runs one task through the instance; `passed` resolves true when it got through. */
  const run = () => {
    const task = new Task(undefined, clock.now());
    task.setStatus(TaskStatus.Running);
    const r = instance.run(task, ctx);
    let settled = r === undefined;
    const passed = Promise.resolve(r).then(() => {
      settled = true;
      stats.pluginSeries(name).record(0, task.error === undefined);
      return task.error === undefined;
    });
    /** Ends the task: its finished callbacks run. */
    const finish = (): void => task.finish(clock.now());
    return { task, passed, waited: r !== undefined, isSettled: () => settled, finish };
  };
  /** Records `n` runs of plugin `plugin` taking `ms` each. */
  const backend = (ms: number, ok = true, n = 1, plugin = others[0]!): void => {
    for (let i = 0; i < n; i++) stats.pluginSeries(plugin).record(ms * 1e6, ok);
  };
  const indicator = (indicatorName: string): number | null => stats.customIndicators(name).find((i) => i.name === indicatorName)?.value() ?? null;
  return { clock, stats, ctx, instance, unprepare, run, backend, tick: () => stats.tick(), indicator };
}

/** Lets promise callbacks run. */
export const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
