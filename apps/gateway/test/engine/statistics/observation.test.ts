import { ManualClock } from '../../../src/engine/clock';
import type { Gateway } from '../../../src/engine/gateway';
import { createPipeline, startTestGateway, submit } from '../../support/harness';

/**
 * The observation seam: LinearPipeline times every plugin run and every task on the gateway's
 * clock and records them in the pipeline's statistics, which belong to the pipeline.
 */
const advance = (name: string, ms: number): { type: string; config: Record<string, unknown> } => ({
  type: 'TestStep',
  config: { plugin_name: name, action: 'advance', value: String(ms) },
});

async function runTasks(gw: Gateway, pipeline: string, n: number): Promise<void> {
  const p = gw.pipeline(pipeline)!;
  await Promise.all(Array.from({ length: n }, () => submit(p).done));
}

describe('statistics observation seam', () => {
  let clock: ManualClock;
  let gw: Gateway;

  beforeEach(async () => {
    clock = new ManualClock();
    gw = await startTestGateway({ clock });
  });
  afterEach(() => gw.stop());

  it('records each plugin run and each task with its time and result', async () => {
    await createPipeline(gw, 'p', [advance('a3', 3), advance('b7', 7), { type: 'TestFail', config: { plugin_name: 'fail' } }]);
    await createPipeline(gw, 'q', [advance('a3', 3), advance('b7', 7)]);
    await runTasks(gw, 'p', 10);
    await runTasks(gw, 'q', 30);
    clock.advance(5000);
    const p = gw.statistics.get('p')!;
    const q = gw.statistics.get('q')!;
    expect([p.pipeline.count('all'), p.pipeline.count('success'), p.pipeline.count('failure')]).toEqual([10, 0, 10]);
    expect([q.pipeline.count('all'), q.pipeline.count('success'), q.pipeline.count('failure')]).toEqual([30, 30, 0]);
    expect(p.plugin('a3')!.count('success')).toBe(10);
    expect(p.plugin('fail')!.count('failure')).toBe(10);
    // Times come from the clock at plugin boundaries: exactly 3 and 7 ms, within the 1 % bound.
    expect(q.plugin('a3')!.latency().quantile(0.5)).toBeCloseTo(3e6, -5);
    expect(q.plugin('b7')!.latency().quantile(0.99)).toBeCloseTo(7e6, -5);
    expect(q.plugin('b7')!.latency('failure').count).toBe(0);
    expect(q.pipeline.latency().quantile(0.5)).toBeCloseTo(10e6, -5);
    expect(p.plugin('fail')!.latency('failure').count).toBe(10);
    expect(q.pipeline.rate(1)).toBeCloseTo(30 / 5, 12);
  });

  it('counts a plugin that throws as a failed run', async () => {
    await createPipeline(gw, 'p', [{ type: 'TestFail', config: { plugin_name: 'broken', throw: true } }]);
    await runTasks(gw, 'p', 3);
    const s = gw.statistics.get('p')!;
    expect(s.plugin('broken')!.count('failure')).toBe(3);
    expect(s.pipeline.count('failure')).toBe(3);
  });

  it('keeps a pipeline\'s statistics across plugin rebuilds and pipeline updates', async () => {
    await createPipeline(gw, 'p', [advance('a', 1), advance('b', 2)]);
    await runTasks(gw, 'p', 5);
    const before = gw.statistics.get('p');
    await gw.updatePlugin({ type: 'TestStep', config: { plugin_name: 'a', action: 'advance', value: '4' } });
    await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['a', 'b'], parallelism: 3 } });
    await runTasks(gw, 'p', 5);
    const s = gw.statistics.get('p')!;
    expect(s).toBe(before);
    expect(s.pipeline.count()).toBe(10);
    expect(s.plugin('a')!.count()).toBe(10);
    clock.advance(5000);
    expect(s.plugin('a')!.latency().max).toBeCloseTo(4e6, -5);
    expect(s.plugin('a')!.latency().min).toBeCloseTo(1e6, -4);
  });

  it('drops a plugin\'s figures when it leaves the pipeline, and all of them with the pipeline', async () => {
    await createPipeline(gw, 'p', [advance('a', 1), advance('b', 1)]);
    await runTasks(gw, 'p', 2);
    await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['a'] } });
    const s = gw.statistics.get('p')!;
    expect(s.plugin('b')).toBeUndefined();
    expect(s.plugin('a')!.count()).toBe(2);
    await gw.deletePipeline('p');
    expect(gw.statistics.get('p')).toBeUndefined();
    await createPipeline(gw, 'p', [advance('a', 1)]);
    expect(gw.statistics.get('p')!.pipeline.count()).toBe(0);
  });

  it('a sample listener that throws changes nothing: tasks, counts, other listeners and config changes go on', async () => {
    await createPipeline(gw, 'p', [advance('a', 1), { type: 'TestStep', config: { plugin_name: 'mark', action: 'mark' } }]);
    const s = gw.statistics.get('p')!;
    const seen: boolean[] = [];
    s.onExecutionSample('a', 'bad', () => {
      throw new Error('listener bug');
    });
    s.onExecutionSample('a', 'good', (_ns, ok) => seen.push(ok));
    s.onThroughputUpdated('bad', () => {
      throw new Error('listener bug');
    });
    const tasks = await Promise.all(Array.from({ length: 4 }, () => submit(gw.pipeline('p')!).done));
    expect(tasks.map((t) => [t.error, t.value('TRAIL')])).toEqual(Array(4).fill([undefined, ['mark']]));
    expect(seen).toEqual([true, true, true, true]);
    clock.advance(5000);
    await gw.updatePlugin({ type: 'TestStep', config: { plugin_name: 'a', action: 'advance', value: '2' } });
    await runTasks(gw, 'p', 1);
    expect(s.pipeline.count('success')).toBe(5);
  });
});
