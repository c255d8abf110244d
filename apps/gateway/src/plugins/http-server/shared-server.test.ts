import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPServer shared by several pipelines', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('serves each pipeline its own routes on one port, and keeps serving the others when one is deleted', async () => {
    gw = await startTestGateway();
    await gw.createPlugin(echoSpec('echo', ['WHO']));
    for (const who of ['users', 'orders', 'items']) {
      await createPipeline(gw, who, [
        serverSpec('srv'),
        inputSpec(`in-${who}`, 'srv', { path: `/${who}/{id}`, response_body_buffer_key: 'ECHO' }),
        { type: 'TestStep', config: { plugin_name: `who-${who}`, action: 'set', key: 'WHO', value: who } },
        echoSpec('echo', []),
      ]);
    }
    const ports = new Set(['users', 'orders', 'items'].map((p) => serverPort(gw, p)));
    expect(ports.size).toBe(1);
    const base = `http://127.0.0.1:${[...ports][0]}`;
    for (const who of ['users', 'orders', 'items']) {
      const res = await request(`${base}/${who}/1`);
      expect(await res.body.json()).toEqual({ WHO: who });
    }
    await gw.deletePipeline('orders');
    const gone = await request(`${base}/orders/1`);
    expect(gone.statusCode).toBe(404);
    await gone.body.text();
    const still = await request(`${base}/items/1`);
    expect(await still.body.json()).toEqual({ WHO: 'items' });
  });
});
