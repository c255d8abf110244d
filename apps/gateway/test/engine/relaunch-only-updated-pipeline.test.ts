import type { Gateway } from '../../src/engine/gateway';
import { createPipeline, startTestGateway, submit, tick } from '../support/harness';
import { probe } from '../support/test-plugins';

describe('updating a pipeline relaunches only that pipeline', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it("leaves another pipeline's in-flight task and instances alone", async () => {
    const a = probe('a-probe');
    const b = probe('b-probe');
    a.hold = true;
    b.hold = true;
    const pa = await createPipeline(gw, 'A', [{ type: 'TestProbe', config: { plugin_name: 'a-probe' } }]);
    const pb = await createPipeline(gw, 'B', [{ type: 'TestProbe', config: { plugin_name: 'b-probe' } }]);
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'extra', action: 'mark' } });
    const inA = submit(pa);
    const inB = submit(pb);
    await tick();
    const bHandles = pb.currentHandles();

    await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'A', plugin_names: ['a-probe', 'extra'], parallelism: 2 } });
    expect(gw.pipeline('A')).toBe(pa);
    expect(pa.ctx.parallelism()).toBe(2);
    expect(pb.currentHandles()).toEqual(bHandles);
    expect(inB.task!.cancelled).toBe(false);
    expect(b.closed).toEqual([]);

    b.releaseOne();
    const tb = await inB.done;
    expect(tb.error).toBeUndefined();
    // A's in-flight task finishes on the snapshot it started on (no "extra").
    a.releaseOne();
    expect((await inA.done).value('TRAIL')).toBeUndefined();
    a.hold = false;
    expect((await submit(pa).done).value('TRAIL')).toEqual(['extra']);
  });
});
