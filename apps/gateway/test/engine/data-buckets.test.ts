import type { Gateway } from '../../src/engine/gateway';
import { DataBucket } from '../../src/engine/data-bucket';
import { createPipeline, startTestGateway, submit } from '../support/harness';

describe('pipeline data buckets', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  const counts = async (p: Parameters<typeof submit>[0]) => {
    const t = await submit(p).done;
    return [t.value('COUNT_INSTANCE'), t.value('COUNT_PLUGIN')];
  };

  it('the per-instance bucket is dropped on rebuild, the "*" bucket survives', async () => {
    const p = await createPipeline(gw, 'p', [{ type: 'TestStep', config: { plugin_name: 'ctr', action: 'count' } }]);
    expect(await counts(p)).toEqual([1, 1]);
    expect(await counts(p)).toEqual([2, 2]);
    await gw.updatePlugin({ type: 'TestStep', config: { plugin_name: 'ctr', action: 'count', key: 'other' } });
    expect(await counts(p)).toEqual([1, 3]);
    expect(await counts(p)).toEqual([2, 4]);
  });

  it('buckets are per pipeline, and die when the plugin leaves the pipeline', async () => {
    const spec = { type: 'TestStep', config: { plugin_name: 'ctr', action: 'count' } };
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'noop', action: 'mark' } });
    const p1 = await createPipeline(gw, 'p1', [spec]);
    const p2 = await createPipeline(gw, 'p2', [spec]);
    await counts(p1);
    await counts(p1);
    expect(await counts(p2)).toEqual([1, 1]);
    await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p1', plugin_names: ['noop'] } });
    await gw.updatePipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p1', plugin_names: ['noop', 'ctr'] } });
    expect(await counts(p1)).toEqual([1, 1]);
  });

  it('DataBucket binds, queries with a default bound once, and unbinds', () => {
    const b = new DataBucket();
    let made = 0;
    expect(b.queryDataWithBindDefault('k', () => ++made)).toBe(1);
    expect(b.queryDataWithBindDefault('k', () => ++made)).toBe(1);
    expect(b.bindData('k', 5)).toBe(1);
    expect(b.unbindData('k')).toBe(5);
    expect(b.queryData('k')).toBeUndefined();
  });
});
