import type { Gateway } from '../../src/engine/gateway';
import { startTestGateway } from '../support/harness';

describe('plugin and pipeline names are unique and URL-safe', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it.each(['a/b', '..', 'a..b', 'has space', '', '-lead', '_lead', 'x'.repeat(129), 'ünï'])('refuses plugin name %j with GW_INVALID_NAME', async (name) => {
    await expect(gw.createPlugin({ type: 'TestStep', config: { plugin_name: name, action: 'mark' } })).rejects.toMatchObject({
      code: 'GW_INVALID_NAME',
      status: 400,
      field: 'config.plugin_name',
    });
    expect(gw.listPlugins()).toEqual([]);
  });

  it('refuses a non-string name', async () => {
    await expect(gw.createPlugin({ type: 'TestStep', config: { plugin_name: 7, action: 'mark' } })).rejects.toMatchObject({
      code: 'GW_INVALID_NAME',
      field: 'config.plugin_name',
    });
  });

  it.each(['p/q', '..', 'p q'])('refuses pipeline name %j with GW_INVALID_NAME', async (name) => {
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'step', action: 'mark' } });
    await expect(
      gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: name, plugin_names: ['step'] } }),
    ).rejects.toMatchObject({ code: 'GW_INVALID_NAME', field: 'config.pipeline_name' });
    expect(gw.listPipelines()).toEqual([]);
  });

  it('accepts letters, digits, "_", "." and "-" up to 128 characters', async () => {
    for (const name of ['a', 'A-b_c.d', '9lives', 'x'.repeat(128)]) {
      await gw.createPlugin({ type: 'TestStep', config: { plugin_name: name, action: 'mark' } });
    }
    expect(gw.listPlugins()).toHaveLength(4);
  });

  it('refuses a second plugin or pipeline with a taken name (409)', async () => {
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'dup', action: 'mark' } });
    await expect(gw.createPlugin({ type: 'TestFail', config: { plugin_name: 'dup' } })).rejects.toMatchObject({
      code: 'GW_ALREADY_EXISTS',
      status: 409,
      field: 'config.plugin_name',
    });
    expect(gw.getPlugin('dup').type).toBe('TestStep');
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'pl', plugin_names: ['dup'] } });
    await expect(gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'pl', plugin_names: ['dup'] } })).rejects.toMatchObject({
      code: 'GW_ALREADY_EXISTS',
      field: 'config.pipeline_name',
    });
  });
});
