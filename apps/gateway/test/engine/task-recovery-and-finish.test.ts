import type { Gateway } from '../../src/engine/gateway';
import { TaskStatus } from '../../src/engine/task';
import { createPipeline, startTestGateway, submit } from '../support/harness';

const step = (name: string, action: string, extra: Record<string, unknown> = {}) => ({ type: 'TestStep', config: { plugin_name: name, action, ...extra } });
const fail = (name: string, code = 429) => ({ type: 'TestFail', config: { plugin_name: name, result_code: code } });

describe('task flow through a pipeline: recovery, early finish, finished callbacks', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it('an error without recovery skips the remaining plugins and finishes with the error', async () => {
    const p = await createPipeline(gw, 'p', [step('m1', 'mark'), fail('f'), step('m2', 'mark')]);
    const t = await submit(p).done;
    expect(t.value('TRAIL')).toEqual(['m1', 'f']);
    expect(t).toMatchObject({ status: TaskStatus.Finished, resultCode: 429, errorPlugin: 'f' });
  });

  it('a recovery registered for the failing plugin type brings the task back to Running and the pipeline continues', async () => {
    const p = await createPipeline(gw, 'p', [step('rec', 'recover', { recover_type: 'TestFail' }), fail('f'), step('after', 'mark')]);
    const t = await submit(p).done;
    expect(t.value('TRAIL')).toEqual(['rec', 'f', 'after']);
    expect(t.value('RECOVERED_FROM')).toBe('f');
    expect(t).toMatchObject({ status: TaskStatus.Finished, resultCode: 200, error: undefined });
  });

  it('a recovery for another plugin type does not apply', async () => {
    const p = await createPipeline(gw, 'p', [step('rec', 'recover', { recover_type: 'HTTPOutput' }), fail('f'), step('after', 'mark')]);
    const t = await submit(p).done;
    expect(t.value('TRAIL')).toEqual(['rec', 'f']);
    expect(t.resultCode).toBe(429);
  });

  it('finishEarly → Finishing skips the remaining plugins and finishes OK', async () => {
    const p = await createPipeline(gw, 'p', [step('m1', 'mark'), step('stop', 'finish'), step('m2', 'mark')]);
    const t = await submit(p).done;
    expect(t.value('TRAIL')).toEqual(['m1', 'stop']);
    expect(t).toMatchObject({ status: TaskStatus.Finished, resultCode: 200, error: undefined });
  });

  it('finished callbacks run in order after the last plugin, with the task Finished', async () => {
    const p = await createPipeline(gw, 'p', [step('m1', 'mark')]);
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      p.submit(undefined, (t) => {
        t.addFinishedCallback((task) => order.push(`a:${task.status}:${String((task.value('TRAIL') as string[]).length)}`));
        t.addFinishedCallback(() => order.push('b'));
        t.addFinishedCallback(() => resolve());
      });
    });
    await done;
    expect(order).toEqual(['a:Finished:1', 'b']);
  });

  it('a plugin that throws fails the task with 500 and its instance is rebuilt', async () => {
    await gw.createPlugin({ type: 'TestFail', config: { plugin_name: 'boom', throw: true } });
    const p = await createPipeline(gw, 'p', [{ type: 'TestFail', config: { plugin_name: 'boom', throw: true } }]);
    const gen0 = p.currentHandles()[0]!.generation;
    const t = await submit(p).done;
    expect(t).toMatchObject({ resultCode: 500, errorCode: 'GW_INTERNAL', errorPlugin: 'boom' });
    await new Promise((r) => setTimeout(r, 20));
    expect(p.currentHandles()[0]!.generation).toBeGreaterThan(gen0);
  });
});
