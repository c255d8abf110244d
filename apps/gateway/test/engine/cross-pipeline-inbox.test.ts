import { PassThrough } from 'node:stream';
import { CrossPipelineCall } from '../../src/engine/cross-pipeline/call';
import type { Gateway } from '../../src/engine/gateway';
import type { LinearPipeline } from '../../src/engine/linear-pipeline';
import type { Task } from '../../src/engine/task';
import { createPipeline, startTestGateway, tick } from '../support/harness';
import { probe } from '../support/test-plugins';

/** Attaches a receiver that copies the call's data into the task and answers with `TASK_ID` and `OUT`. */
function receive(p: LinearPipeline, seen: Task[] = []): () => void {
  return p.inbox.attach((task, call) => {
    for (const [k, v] of call.data) task.setValue(k, v);
    seen.push(task);
    task.addFinishedCallback((t) =>
      call.respond({
        pipeline: p.name,
        data: new Map([['OUT', t.value('TASK_ID')]]),
        error: t.error,
        errorCode: t.errorCode,
        resultCode: t.resultCode,
      }),
    );
  });
}

function call(id: number): CrossPipelineCall {
  return new CrossPipelineCall('api', new Map<string, unknown>([['TASK_ID', id]]));
}

describe('cross-pipeline inbox: bounded backlog, synchronous hand-off', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it('a call with a free slot starts a task at once and its answer carries the response data', async () => {
    const p = await createPipeline(gw, 'srv', [{ type: 'TestProbe', config: { plugin_name: 'free-probe' } }], { parallelism: 2 });
    receive(p);
    const c = call(7);
    expect(p.inbox.commit(c)).toBe('accepted');
    const r = await c.response;
    expect(r).toMatchObject({ pipeline: 'srv', error: undefined, resultCode: 200 });
    expect(r.data.get('OUT')).toBe(7);
    expect(p.inbox.wip).toBe(0);
  });

  it('calls beyond the parallelism wait in the backlog, start in order as slots free, and a full backlog refuses', async () => {
    const ctl = probe('backlog-probe');
    ctl.hold = true;
    const p = await createPipeline(gw, 'srv', [{ type: 'TestProbe', config: { plugin_name: 'backlog-probe' } }], {
      parallelism: 1,
      cross_pipeline_request_backlog: 2,
    });
    receive(p);
    const calls = [1, 2, 3].map(call);
    expect(calls.map((c) => p.inbox.commit(c))).toEqual(['accepted', 'accepted', 'accepted']);
    expect(p.inbox.queued).toBe(2);
    expect(p.inbox.wip).toBe(3);
    expect(p.inbox.commit(call(4))).toBe('backlog-full');
    await tick();
    expect(ctl.started).toEqual([1]);
    ctl.releaseOne();
    expect((await calls[0]!.response).data.get('OUT')).toBe(1);
    await tick();
    expect(ctl.started).toEqual([1, 2]);
    ctl.releaseOne();
    await tick();
    ctl.releaseOne();
    expect((await calls[2]!.response).data.get('OUT')).toBe(3);
    expect(ctl.started).toEqual([1, 2, 3]);
    expect(p.inbox.wip).toBe(0);
  });

  it('a pipeline without a receiver refuses calls', async () => {
    const p = await createPipeline(gw, 'plain', [{ type: 'TestProbe', config: { plugin_name: 'plain-probe' } }]);
    expect(p.inbox.commit(call(1))).toBe('no-receiver');
    const detach = receive(p);
    detach();
    expect(p.inbox.commit(call(2))).toBe('no-receiver');
  });

  it('a sender that gives up while queued is dropped unrun; one that gives up while served cancels the task (499)', async () => {
    const ctl = probe('giveup-probe');
    ctl.hold = true;
    const p = await createPipeline(gw, 'srv', [{ type: 'TestProbe', config: { plugin_name: 'giveup-probe' } }], { parallelism: 1 });
    const seen: Task[] = [];
    receive(p, seen);
    const running = call(1);
    const queued = call(2);
    p.inbox.commit(running);
    p.inbox.commit(queued);
    queued.giveUp('timeout');
    running.giveUp('client left');
    expect(seen[0]!.cancelledWith).toBe(499);
    ctl.releaseOne();
    await tick();
    expect(ctl.started).toEqual([1]);
    expect(p.inbox.wip).toBe(0);
  });

  it('stopping the pipeline answers the waiting calls 503', async () => {
    const ctl = probe('stop-probe');
    ctl.hold = true;
    const p = await createPipeline(gw, 'srv', [{ type: 'TestProbe', config: { plugin_name: 'stop-probe' } }], { parallelism: 1 });
    receive(p);
    p.inbox.commit(call(1));
    const waiting = call(2);
    p.inbox.commit(waiting);
    p.stop();
    const r = await waiting.response;
    expect(r).toMatchObject({ resultCode: 503, errorCode: 'GW_SERVICE_UNAVAILABLE' });
    expect(p.inbox.commit(call(3))).toBe('no-receiver');
    ctl.releaseAll();
  });

  it('a response that comes after the sender gave up has its streams destroyed', () => {
    const c = call(1);
    c.giveUp('timeout');
    const body = new PassThrough();
    c.respond({ pipeline: 'srv', data: new Map([['BODY', body]]), error: undefined, errorCode: undefined, resultCode: 200 });
    expect(body.destroyed).toBe(true);
  });
});
