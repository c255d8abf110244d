import type { Gateway } from '../../src/engine/gateway';
import { createPipeline, startTestGateway, submit, tick } from '../support/harness';
import { probe } from '../support/test-plugins';

describe('parallelism N caps tasks in flight; the rest queue FIFO', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it('never runs more than N at once and starts queued tasks in arrival order as slots free', async () => {
    const ctl = probe('cap-probe');
    ctl.hold = true;
    const p = await createPipeline(gw, 'capped', [{ type: 'TestProbe', config: { plugin_name: 'cap-probe' } }], { parallelism: 3 });
    const subs = Array.from({ length: 10 }, () => submit(p));
    await tick();
    expect(ctl.active).toBe(3);
    expect(p.ctx.inFlight()).toBe(3);
    expect(p.ctx.waitQueueLength()).toBe(7);
    expect(ctl.started).toEqual(subs.slice(0, 3).map((s) => s.id));

    ctl.releaseOne();
    await subs[0]!.done;
    await tick();
    expect(ctl.active).toBe(3);
    expect(ctl.started).toEqual(subs.slice(0, 4).map((s) => s.id));

    while (ctl.waiting.length > 0) {
      ctl.releaseOne();
      await tick();
      expect(ctl.active).toBeLessThanOrEqual(3);
    }
    await Promise.all(subs.map((s) => s.done));
    expect(ctl.peak).toBe(3);
    expect(ctl.started).toEqual(subs.map((s) => s.id));
    expect(p.ctx.inFlight()).toBe(0);
    expect(p.ctx.waitQueueLength()).toBe(0);
  });

  it('a queued task cancelled before its turn is finished without running', async () => {
    const ctl = probe('cancel-probe');
    ctl.hold = true;
    const p = await createPipeline(gw, 'one', [{ type: 'TestProbe', config: { plugin_name: 'cancel-probe' } }], { parallelism: 1 });
    const first = submit(p);
    const second = submit(p);
    const third = submit(p);
    await tick();
    second.task!.cancel(499, 'client left');
    ctl.releaseOne();
    const t2 = await second.done;
    expect(t2.cancelledWith).toBe(499);
    await tick();
    expect(ctl.started).toEqual([first.id, third.id]);
    ctl.releaseAll();
    await third.done;
  });

  it('with parallelism 1, a full wait queue refuses new tasks (the source answers 503)', async () => {
    const ctl = probe('q-probe');
    ctl.hold = true;
    const p = await createPipeline(gw, 'q', [{ type: 'TestProbe', config: { plugin_name: 'q-probe' } }], {
      parallelism: 1,
      max_wait_queue_length: 2,
    });
    const accepted = [submit(p), submit(p), submit(p)];
    expect(accepted.every((s) => s.task !== undefined)).toBe(true);
    expect(submit(p).task).toBeUndefined();
    ctl.releaseOne();
    await accepted[0]!.done;
    expect(submit(p).task).toBeDefined();
    ctl.releaseAll();
    await tick();
    ctl.releaseAll();
    await tick();
    ctl.releaseAll();
  });
});
