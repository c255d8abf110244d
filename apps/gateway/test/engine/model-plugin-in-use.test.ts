import type { Gateway } from '../../src/engine/gateway';
import { startTestGateway } from '../support/harness';

describe('a plugin used by a pipeline cannot be deleted', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'shared', action: 'mark' } });
    for (const name of ['alpha', 'beta']) {
      await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: name, plugin_names: ['shared'] } });
    }
  });
  afterEach(() => gw.stop());

  it('answers 409 GW_PLUGIN_IN_USE naming every pipeline that uses it', async () => {
    const err = await gw.deletePlugin('shared').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GW_PLUGIN_IN_USE', status: 409 });
    expect((err as Error).message).toContain('alpha');
    expect((err as Error).message).toContain('beta');
    expect(gw.getPlugin('shared')).toBeDefined();
  });

  it('allows the delete once no pipeline lists the plugin', async () => {
    await gw.deletePipeline('alpha');
    await expect(gw.deletePlugin('shared')).rejects.toMatchObject({ code: 'GW_PLUGIN_IN_USE' });
    await gw.deletePipeline('beta');
    await gw.deletePlugin('shared');
    expect(gw.listPlugins()).toEqual([]);
  });

  it('answers 404 for deleting an unknown plugin or pipeline', async () => {
    await expect(gw.deletePlugin('nope')).rejects.toMatchObject({ code: 'GW_NOT_FOUND' });
    await expect(gw.deletePipeline('nope')).rejects.toMatchObject({ code: 'GW_NOT_FOUND' });
  });
});
