import { ManualClock } from '../../src/engine/clock';
import type { PipelineContext } from '../../src/engine/pipeline-context';
import type { Task } from '../../src/engine/task';
import { definePlugin, type PluginDescriptor, type PluginEnv, type PluginInstance } from '../../src/engine/types';

/**
 * Plugin kinds that exist only in tests. They let a test see inside the engine: hold tasks in
 * flight, count concurrency, record close() calls, copy task values into the response, fail on
 * purpose and recover. Each is driven by config plus a per-plugin-name control object.
 */

/** A promise with its resolve function exposed. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** What a test sees of one TestProbe plugin (all its generations). */
export class ProbeControl {
  /** When true, each run waits until the test releases it. */
  hold = false;
  active = 0;
  peak = 0;
  /** Task ids (task value `TASK_ID`) in the order their run started. */
  readonly started: unknown[] = [];
  /** Held runs, oldest first. */
  readonly waiting: { task: Task; release: () => void }[] = [];
  /** Generations whose close() was called, with how many of their runs were still active. */
  readonly closed: { generation: number; tag: string; activeOfGeneration: number }[] = [];
  readonly activeByGeneration = new Map<number, number>();

  /** Releases the oldest held run. */
  releaseOne(): void {
    const w = this.waiting.shift();
    if (!w) throw new Error('no held run to release');
    w.release();
  }

  releaseAll(): void {
    while (this.waiting.length > 0) this.releaseOne();
  }
}

const probes = new Map<string, ProbeControl>();

/** The control of TestProbe `name`, created on first use. */
export function probe(name: string): ProbeControl {
  let c = probes.get(name);
  if (!c) probes.set(name, (c = new ProbeControl()));
  return c;
}

interface ProbeConfig {
  plugin_name: string;
  /** Written into task value `tag_key` so a test sees which config served the task. */
  tag: string;
  tag_key: string;
}

class TestProbe implements PluginInstance {
  private readonly control: ProbeControl;

  constructor(
    private readonly c: Readonly<ProbeConfig>,
    private readonly env: PluginEnv,
  ) {
    this.control = probe(c.plugin_name);
  }

  run(task: Task): void | Promise<void> {
    const ctl = this.control;
    const gen = this.env.generation;
    task.setValue(this.c.tag_key, this.c.tag);
    ctl.started.push(task.value('TASK_ID'));
    if (!ctl.hold) return;
    ctl.active++;
    ctl.peak = Math.max(ctl.peak, ctl.active);
    ctl.activeByGeneration.set(gen, (ctl.activeByGeneration.get(gen) ?? 0) + 1);
    return new Promise<void>((resolve) => {
      ctl.waiting.push({
        task,
        release: () => {
          ctl.active--;
          ctl.activeByGeneration.set(gen, ctl.activeByGeneration.get(gen)! - 1);
          resolve();
        },
      });
    });
  }

  close(): void {
    const gen = this.env.generation;
    this.control.closed.push({ generation: gen, tag: this.c.tag, activeOfGeneration: this.control.activeByGeneration.get(gen) ?? 0 });
  }
}

export const testProbePlugin = definePlugin<ProbeConfig>({
  kind: 'TestProbe',
  description: 'test only: holds runs until released, counts concurrency, records close()',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['plugin_name'],
    properties: {
      plugin_name: { type: 'string' },
      tag: { type: 'string', default: '' },
      tag_key: { type: 'string', default: 'PROBE_TAG' },
    },
  },
  create: (c, env) => new TestProbe(c, env),
});

/** Everything TestStep plugins with action "observe" saw when their tasks finished. */
export const observed: { plugin: string; status: string; resultCode: number; cancelledWith: number | undefined; error: string | undefined }[] = [];

interface StepConfig {
  plugin_name: string;
  /**
   * mark: append plugin_name to task value TRAIL; set: task value `key` = `value`; finish:
   * finishEarly; recover: register a recovery for plugins of type `recover_type`; echo: JSON of
   * the task values `keys` into task value `key`; count: per-instance and plugin-wide counters
   * into task values COUNT_INSTANCE / COUNT_PLUGIN; observe: record the task when it finishes;
   * advance: move the gateway's ManualClock forward by `value` ms (a run that takes that long).
   */
  action: 'mark' | 'set' | 'finish' | 'recover' | 'echo' | 'count' | 'observe' | 'advance';
  key: string;
  value: string;
  numeric: boolean;
  keys: string[];
  recover_type: string;
}

function mark(task: Task, name: string): void {
  const trail = (task.value('TRAIL') as string[] | undefined) ?? [];
  task.setValue('TRAIL', [...trail, name]);
}

class TestStep implements PluginInstance {
  constructor(
    private readonly c: Readonly<StepConfig>,
    private readonly env: PluginEnv,
  ) {}

  run(task: Task, ctx: PipelineContext): void {
    const c = this.c;
    switch (c.action) {
      case 'mark':
        mark(task, c.plugin_name);
        return;
      case 'set':
        task.setValue(c.key, c.numeric ? Number(c.value) : c.value);
        return;
      case 'finish':
        mark(task, c.plugin_name);
        task.finishEarly();
        return;
      case 'recover':
        mark(task, c.plugin_name);
        task.addRecoveryFunc(c.recover_type, (t, failed) => {
          t.setValue('RECOVERED_FROM', failed);
          return true;
        });
        return;
      case 'echo': {
        const out: Record<string, unknown> = {};
        for (const k of c.keys) out[k] = task.value(k) ?? null;
        task.setValue(c.key, JSON.stringify(out));
        return;
      }
      case 'count': {
        const inc = (id: string): number => {
          const b = ctx.dataBucket(c.plugin_name, id);
          const n = ((b.queryData('n') as number | undefined) ?? 0) + 1;
          b.bindData('n', n);
          return n;
        };
        task.setValue('COUNT_INSTANCE', inc(String(this.env.generation)));
        task.setValue('COUNT_PLUGIN', inc('*'));
        return;
      }
      case 'advance':
        if (!(this.env.clock instanceof ManualClock)) throw new Error('action advance needs a ManualClock');
        this.env.clock.advance(Number(c.value));
        return;
      case 'observe':
        task.addFinishedCallback((t) =>
          observed.push({ plugin: c.plugin_name, status: t.status, resultCode: t.resultCode, cancelledWith: t.cancelledWith, error: t.error }),
        );
        return;
    }
  }
}

export const testStepPlugin = definePlugin<StepConfig>({
  kind: 'TestStep',
  description: 'test only: one small synchronous action on the task',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['plugin_name', 'action'],
    properties: {
      plugin_name: { type: 'string' },
      action: { type: 'string', enum: ['mark', 'set', 'finish', 'recover', 'echo', 'count', 'observe', 'advance'] },
      key: { type: 'string', default: 'ECHO' },
      value: { type: 'string', default: '' },
      /** When true, `value` is stored as a number. */
      numeric: { type: 'boolean', default: false },
      keys: { type: 'array', items: { type: 'string' }, default: [] },
      recover_type: { type: 'string', default: 'TestFail' },
    },
  },
  create: (c, env) => new TestStep(c, env),
});

interface FailConfig {
  plugin_name: string;
  result_code: number;
  /** Throw from run (a broken instance) instead of setting an error on the task. */
  throw: boolean;
}

class TestFail implements PluginInstance {
  constructor(private readonly c: Readonly<FailConfig>) {}

  run(task: Task): void {
    mark(task, this.c.plugin_name);
    if (this.c.throw) throw new Error('test plugin broke');
    task.setError(`failed on purpose by ${this.c.plugin_name}`, this.c.result_code, 'GW_TEST_FAILURE');
  }
}

export const testFailPlugin = definePlugin<FailConfig>({
  kind: 'TestFail',
  description: 'test only: sets an error on the task (or throws)',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['plugin_name'],
    properties: {
      plugin_name: { type: 'string' },
      result_code: { type: 'integer', default: 503 },
      throw: { type: 'boolean', default: false },
    },
  },
  create: (c) => new TestFail(c),
});

/** The test-only kinds, to add to `builtinPlugins`. */
export const testPlugins: readonly PluginDescriptor[] = [testProbePlugin, testStepPlugin, testFailPlugin];
