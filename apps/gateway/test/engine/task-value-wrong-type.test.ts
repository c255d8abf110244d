import { ManualClock } from '../../src/engine/clock';
import type { Gateway } from '../../src/engine/gateway';
import { Task } from '../../src/engine/task';
import { TaskKeys, TaskValueTypeError } from '../../src/engine/task-key';
import { createPipeline, startTestGateway, submit } from '../support/harness';
import { edKey } from '../support/tokens';

describe('a task value of the wrong type where it crosses between plugins', () => {
  let gw: Gateway | undefined;
  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
  });

  it('Task.get checks the type and names the key; Task.put stores under the key', () => {
    const task = new Task(undefined, 0);
    const count = TaskKeys.number('COUNT');
    expect(task.get(count)).toBeUndefined();
    task.put(count, 3);
    expect(task.get(count)).toBe(3);
    task.setValue('COUNT', 'three');
    expect(() => task.get(count)).toThrow(new TaskValueTypeError('COUNT', 'a finite number', 'a string'));
    task.setValue('H', ['x']);
    expect(() => task.get(TaskKeys.headers('H'))).toThrow('task value "H" must be a header object, but is an array');
  });

  it('fails the task with a 500 naming the plugin and the key, keeps the instance, and the pipeline goes on', async () => {
    gw = await startTestGateway({ clock: new ManualClock() });
    const key = edKey('k1');
    const p = await createPipeline(gw, 'typed', [
      { type: 'TestStep', config: { plugin_name: 'writer', action: 'set', key: 'RESP_HEADERS', value: '42', numeric: true } },
      { type: 'TokenIssuer', config: { plugin_name: 'issuer', keys: [key], active_kid: 'k1', response_header_key: 'RESP_HEADERS' } },
      { type: 'TestStep', config: { plugin_name: 'after', action: 'mark' } },
    ]);
    const handle = await gw.model.acquire('issuer');
    const task = await submit(p).done;
    expect(task.resultCode).toBe(500);
    expect(task.errorCode).toBe('GW_TASK_VALUE_TYPE');
    expect(task.errorPlugin).toBe('issuer');
    expect(task.error).toBe('plugin issuer: task value "RESP_HEADERS" must be a header object, but is a number');
    expect(task.value('TRAIL')).toBeUndefined();
    // The config is at fault, not the instance: it is not rebuilt, and the next task gets the same answer.
    const again = await submit(p).done;
    expect(again.errorCode).toBe('GW_TASK_VALUE_TYPE');
    expect(await gw.model.acquire('issuer')).toBe(handle);
  });
});
