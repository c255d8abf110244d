import { startGateway } from '../../../test/support/gateway';

describe('HTTPServer timeouts', () => {
  it('refuses a headers timeout longer than the request timeout, naming the field', async () => {
    const gw = await startGateway();
    try {
      await expect(
        gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 's', port: 0, headers_timeout_sec: 30, request_timeout_sec: 10 } }),
      ).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.headers_timeout_sec' });
      expect(gw.listPlugins()).toHaveLength(0);
    } finally {
      await gw.stop();
    }
  });
});
