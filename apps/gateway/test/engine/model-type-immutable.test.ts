import type { Gateway } from '../../src/engine/gateway';
import { startTestGateway } from '../support/harness';

describe('a plugin keeps its type across updates', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'p', action: 'mark' } });
  });
  afterEach(() => gw.stop());

  it('refuses an update that changes the type with GW_TYPE_IMMUTABLE on field type', async () => {
    await expect(gw.updatePlugin({ type: 'TestFail', config: { plugin_name: 'p' } })).rejects.toMatchObject({
      code: 'GW_TYPE_IMMUTABLE',
      status: 400,
      field: 'type',
    });
    expect(gw.getPlugin('p')).toEqual({ type: 'TestStep', config: expect.objectContaining({ action: 'mark' }) });
  });

  it('accepts an update of the config under the same type', async () => {
    await gw.updatePlugin({ type: 'TestStep', config: { plugin_name: 'p', action: 'finish' } });
    expect(gw.getPlugin('p').config['action']).toBe('finish');
  });

  it('refuses to update a plugin that does not exist (404)', async () => {
    await expect(gw.updatePlugin({ type: 'TestStep', config: { plugin_name: 'ghost', action: 'mark' } })).rejects.toMatchObject({
      code: 'GW_NOT_FOUND',
      status: 404,
    });
  });
});
