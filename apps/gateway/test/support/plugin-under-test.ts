import { ManualClock } from '../../src/engine/clock';
import { silentLogger } from '../../src/engine/logger';
import { PipelineContext } from '../../src/engine/pipeline-context';
import { compileConfigSchema } from '../../src/engine/schema';
import { MapServiceDirectory } from '../../src/engine/service-directory';
import { PipelineStatistics } from '../../src/engine/statistics/pipeline-statistics';
import { Task, TaskStatus } from '../../src/engine/task';
import type { PluginDescriptor } from '../../src/engine/types';

/**
 * One plugin instance, its config filled with the schema's defaults, in a pipeline context on a
 * manual clock: for a plugin's unit tests. `run` gives a running task with `values` set and the
 * promise of the plugin's run; `finish` ends a task as the pipeline would (finished callbacks run).
 */
export function pluginUnderTest<C extends { plugin_name: string }>(descriptor: PluginDescriptor<C>, config: Record<string, unknown>) {
  const clock = new ManualClock();
  const name = String(config['plugin_name'] ?? 'p1');
  const stats = new PipelineStatistics('p');
  const ctx = new PipelineContext('p', [name], { parallelism: () => 1, inFlight: () => 0, waitQueueLength: () => 0 }, stats);
  const full = compileConfigSchema<C>(descriptor.kind, descriptor.schema)({ plugin_name: name, ...config });
  const problem = descriptor.validate?.(full);
  if (problem !== undefined) throw new Error(`${problem.field} ${problem.message}`);
  const instance = descriptor.create(full, { clock, logger: silentLogger, services: new MapServiceDirectory(), pluginName: name, generation: 0 });
  const unprepare = instance.prepare?.(ctx) ?? (() => undefined);
  const run = (values: Record<string, unknown> = {}) => {
    const task = new Task(undefined, clock.now());
    task.setStatus(TaskStatus.Running);
    for (const [k, v] of Object.entries(values)) task.setValue(k, v);
    const done = Promise.resolve(instance.run(task, ctx)).then(() => task);
    return { task, done };
  };
  const finish = (task: Task) => task.finish(clock.now());
  return { clock, ctx, stats, instance, unprepare, run, finish };
}
