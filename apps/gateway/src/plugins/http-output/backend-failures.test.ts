import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, freePort, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPOutput backend failures', () => {
  let gw: Gateway;
  let slow: TestBackend;
  let base: string;
  beforeAll(async () => {
    slow = await startBackend((_req, res) => {
      setTimeout(() => res.end('late'), 1500).unref();
    });
    const deadPort = await freePort();
    gw = await startTestGateway();
    await createPipeline(gw, 'slow', [
      serverSpec('srv'),
      inputSpec('in-slow', 'srv', { path: '/slow' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-slow', url_pattern: `${slow.url}/`, method: 'GET', timeout_sec: 0.3 } },
    ]);
    await createPipeline(gw, 'dead', [
      serverSpec('srv'),
      inputSpec('in-dead', 'srv', { path: '/dead' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-dead', url_pattern: `http://127.0.0.1:${deadPort}/`, method: 'GET' } },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'slow')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await slow.close();
  });

  it('timeout_sec exceeded → 504 GW_GATEWAY_TIMEOUT', async () => {
    const started = Date.now();
    const res = await request(`${base}/slow`);
    expect(res.statusCode).toBe(504);
    expect(await res.body.json()).toMatchObject({ code: 'GW_GATEWAY_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('connection refused → 502 GW_BAD_GATEWAY naming the cause', async () => {
    const res = await request(`${base}/dead`);
    expect(res.statusCode).toBe(502);
    const body = (await res.body.json()) as { code: string; message: string };
    expect(body.code).toBe('GW_BAD_GATEWAY');
    expect(body.message).toContain('ECONNREFUSED');
  });
});
