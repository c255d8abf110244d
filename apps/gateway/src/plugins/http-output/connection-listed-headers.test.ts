import { request as httpRequest } from 'node:http';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('headers named in Connection are hop-by-hop (RFC 9110 §7.6.1)', () => {
  let gw: Gateway;
  let backend: TestBackend;
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('are not forwarded to the backend', async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    await createPipeline(gw, 'f', [serverSpec('srv'), inputSpec('in', 'srv', { path: '/c' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}/`, method: 'GET' } }]);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: serverPort(gw, 'f'), path: '/c', headers: { connection: 'keep-alive, x-secret', 'x-secret': 's' } }, (res) => {
        let b = '';
        res.on('data', (c: Buffer) => (b += c.toString()));
        res.on('end', () => resolve(b));
      });
      req.on('error', reject);
      req.end();
    });
    expect((JSON.parse(body) as { headers: Record<string, string> }).headers['x-secret']).toBeUndefined();
  });
});
