import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('HTTPOutput renders url, method, headers and body from {TASK_KEY} templates', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let base: string;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    await createPipeline(gw, 't', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/orders/{id}' }),
      { type: 'TestStep', config: { plugin_name: 'tenant', action: 'set', key: 'TENANT', value: 'acme' } },
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: 'out',
          url_pattern: `${backend.url}/v2/{TENANT}/orders/{id}?{QUERY_STRING}`,
          method: '{HTTP_X_METHOD}',
          header_patterns: { 'X-Tenant': '{TENANT}', 'X-Order': 'order-{id}', 'X-Literal': '{{braces}}' },
          expected_response_codes: [],
        },
      },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 't')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('builds the backend request from the task', async () => {
    const res = await request(`${base}/orders/42?expand=1`, { method: 'POST', headers: { 'x-method': 'put' }, body: 'payload' });
    expect(res.statusCode).toBe(200);
    const e = (await res.body.json()) as Echo;
    expect(e.method).toBe('PUT');
    expect(e.url).toBe('/v2/acme/orders/42?expand=1');
    expect(e.headers['x-tenant']).toBe('acme');
    expect(e.headers['x-order']).toBe('order-42');
    expect(e.headers['x-literal']).toBe('{braces}');
    expect(e.body).toBe('payload');
  });

  it('refuses bad templates at config time, naming the field', async () => {
    const out = (config: Record<string, unknown>) =>
      gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'bad', url_pattern: `${backend.url}/`, method: 'GET', ...config } });
    await expect(out({ url_pattern: 'ftp://x.y/' })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.url_pattern' });
    await expect(out({ url_pattern: `${backend.url}/{open` })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.url_pattern' });
    await expect(out({ method: '{}' })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.method' });
    await expect(out({ header_patterns: { 'x-a': 'a}b' } })).rejects.toMatchObject({ field: 'config.header_patterns.x-a' });
    await expect(out({ request_body_buffer_pattern: '{"a":1}' })).rejects.toMatchObject({ field: 'config.request_body_buffer_pattern' });
  });
});

describe('HTTPOutput request_body_buffer_pattern', () => {
  let gw: Gateway;
  let backend: TestBackend;
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('replaces the streamed body with the rendered buffer and a matching content-length', async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    await createPipeline(gw, 'b', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/items/{id}' }),
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: 'out',
          url_pattern: `${backend.url}/store`,
          method: 'POST',
          request_body_buffer_pattern: '{{"id":"{id}","via":"{REQUEST_METHOD}"}}',
        },
      },
    ]);
    const res = await request(`http://127.0.0.1:${serverPort(gw, 'b')}/items/9`, { method: 'PUT', body: 'original body that is longer' });
    const e = (await res.body.json()) as Echo;
    expect(e.body).toBe('{"id":"9","via":"PUT"}');
    expect(e.method).toBe('POST');
    expect(e.headers['content-length']).toBe(String(e.body.length));
  });
});
