import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, freePort, inputSpec, serverSpec, startTestGateway } from '../support/harness';

describe('backend refusing connections (502) or too slow (504)', () => {
  let gw: Gateway;
  let slow: TestBackend;
  let base: string;
  beforeAll(async () => {
    slow = await startBackend((_req, res) => {
      setTimeout(() => res.end('late'), 2000).unref();
    });
    const closedPort = await freePort();
    gw = await startTestGateway();
    await gw.createPlugin(serverSpec('srv'));
    await createPipeline(gw, 'refused', [
      serverSpec('srv'),
      inputSpec('in-r', 'srv', { path: '/refused' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-r', url_pattern: `http://127.0.0.1:${closedPort}{REQUEST_URI}`, method: 'GET' } },
    ]);
    await createPipeline(gw, 'slow', [
      serverSpec('srv'),
      inputSpec('in-s', 'srv', { path: '/slow' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-s', url_pattern: `${slow.url}{REQUEST_URI}`, method: 'GET', timeout_sec: 0.25 } },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'slow')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await slow.close();
  });

  it('502 GW_BAD_GATEWAY JSON when the backend refuses the connection', async () => {
    const res = await request(`${base}/refused`);
    expect(res.statusCode).toBe(502);
    expect(await res.body.json()).toMatchObject({ code: 'GW_BAD_GATEWAY' });
    expect(gw.pipeline('refused')!.ctx.inFlight()).toBe(0);
  });

  it('504 GW_GATEWAY_TIMEOUT JSON when the backend does not answer within timeout_sec', async () => {
    const res = await request(`${base}/slow`);
    expect(res.statusCode).toBe(504);
    expect(await res.body.json()).toMatchObject({ code: 'GW_GATEWAY_TIMEOUT' });
    expect(gw.pipeline('slow')!.ctx.inFlight()).toBe(0);
  });
});
