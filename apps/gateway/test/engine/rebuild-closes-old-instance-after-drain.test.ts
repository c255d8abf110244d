import type { Gateway } from '../../src/engine/gateway';
import { createPipeline, startTestGateway, submit, tick } from '../support/harness';
import { probe } from '../support/test-plugins';

describe('a rebuilt plugin instance is closed only after its in-flight tasks finish', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it('old tasks finish on the old instance, new tasks run on the new one, close comes after the last old task', async () => {
    const ctl = probe('gen-probe');
    ctl.hold = true;
    const p = await createPipeline(gw, 'p', [{ type: 'TestProbe', config: { plugin_name: 'gen-probe', tag: 'v1' } }], { parallelism: 10 });
    const old1 = submit(p);
    const old2 = submit(p);
    await tick();
    await gw.updatePlugin({ type: 'TestProbe', config: { plugin_name: 'gen-probe', tag: 'v2' } });
    expect(ctl.closed).toEqual([]);

    const fresh = submit(p);
    await tick();
    ctl.releaseOne();
    expect((await old1.done).value('PROBE_TAG')).toBe('v1');
    expect(ctl.closed).toEqual([]);
    ctl.releaseOne();
    const t2 = await old2.done;
    expect(t2.value('PROBE_TAG')).toBe('v1');
    expect(t2.error).toBeUndefined();
    expect(ctl.closed).toEqual([{ generation: 0, tag: 'v1', activeOfGeneration: 0 }]);

    ctl.releaseOne();
    expect((await fresh.done).value('PROBE_TAG')).toBe('v2');
    expect(ctl.closed).toHaveLength(1);
  });

  it('an idle instance is closed at once on update, and on delete of its last pipeline', async () => {
    const ctl = probe('idle-probe');
    const p = await createPipeline(gw, 'p', [{ type: 'TestProbe', config: { plugin_name: 'idle-probe', tag: 'a' } }]);
    await submit(p).done;
    await gw.updatePlugin({ type: 'TestProbe', config: { plugin_name: 'idle-probe', tag: 'b' } });
    expect(ctl.closed.map((c) => c.tag)).toEqual(['a']);
    await gw.deletePipeline('p');
    expect(ctl.closed.map((c) => c.tag)).toEqual(['a', 'b']);
  });
});
