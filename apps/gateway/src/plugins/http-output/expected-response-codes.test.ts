import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPOutput expected_response_codes', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let base: string;
  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      const status = Number(req.url!.slice(1));
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`status ${status}`);
    });
    gw = await startTestGateway();
    await createPipeline(gw, 'e', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/{code}' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}/{code}`, method: 'GET', expected_response_codes: [200, 201] } },
      // Runs only when the pipeline goes on after the backend call: it overrides the status.
      { type: 'TestStep', config: { plugin_name: 'after', action: 'set', key: 'HTTP_RESP_CODE', value: '299', numeric: true } },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'e')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('an expected status lets the pipeline go on', async () => {
    for (const code of [200, 201]) {
      const res = await request(`${base}/${code}`);
      expect(res.statusCode).toBe(299);
      expect(await res.body.text()).toBe(`status ${code}`);
    }
  });

  it('an unexpected status finishes the pipeline early and relays the backend answer', async () => {
    for (const code of [404, 500, 302]) {
      const res = await request(`${base}/${code}`);
      expect(res.statusCode).toBe(code);
      expect(await res.body.text()).toBe(`status ${code}`);
    }
  });
});
