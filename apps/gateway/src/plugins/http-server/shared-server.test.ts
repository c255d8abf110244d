import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, freePort, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

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

  it('an update of the shared server moves every pipeline that lists it to the new instance', async () => {
    gw = await startTestGateway();
    const port = await freePort();
    await gw.createPlugin(echoSpec('echo', ['PATH_INFO']));
    for (const who of ['a', 'b']) {
      await createPipeline(gw, who, [serverSpec('srv', { port }), inputSpec(`in-${who}`, 'srv', { path: `/${who}`, response_body_buffer_key: 'ECHO' }), echoSpec('echo', [])]);
    }
    const before = gw.pipeline('a')!.currentHandles()[0]!;
    await gw.updatePlugin(serverSpec('srv', { port, max_body_bytes: 5 }));
    for (const who of ['a', 'b']) {
      const server = gw.pipeline(who)!.currentHandles()[0]!;
      expect(server.generation).toBeGreaterThan(before.generation);
      const ok = await request(`http://127.0.0.1:${port}/${who}`);
      expect(await ok.body.json()).toEqual({ PATH_INFO: `/${who}` });
      // The new setting is in force for both pipelines.
      const big = await request(`http://127.0.0.1:${port}/${who}`, { method: 'POST', body: 'too long body' });
      expect(big.statusCode).toBe(413);
      await big.body.text();
    }
    expect(before.isClosed).toBe(true);
  });
});
