import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { proxyPipeline, startGateway } from '../support/gateway';

describe('end-to-end proxy through a real local backend', () => {
  let backend: TestBackend;
  let gw: Gateway;
  let base: string;

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway();
    base = await proxyPipeline(gw, { backendUrl: backend.url });
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('forwards method, path, query, headers and body and relays the response', async () => {
    const res = await request(`${base}/api/users/7?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-custom': 'abc', connection: 'keep-alive' },
      body: 'hello',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-backend']).toBe('yes');
    const echoed = (await res.body.json()) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(echoed.method).toBe('POST');
    expect(echoed.url).toBe('/api/users/7?x=1');
    expect(echoed.body).toBe('hello');
    expect(echoed.headers['x-custom']).toBe('abc');
    expect(echoed.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echoed.headers['host']).toBe(backend.url.slice('http://'.length));
  });

  it('streams a large chunked request body both ways', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const res = await request(`${base}/api/big`, { method: 'PUT', body: big });
    const echoed = (await res.body.json()) as { body: string };
    expect(res.statusCode).toBe(200);
    expect(echoed.body.length).toBe(big.length);
  });

  it('answers 404 JSON for an unknown route and 405 with Allow for a wrong method', async () => {
    const nf = await request(`${base}/nope`);
    expect(nf.statusCode).toBe(404);
    expect(await nf.body.json()).toMatchObject({ code: 'GW_NOT_FOUND' });
    const na = await request(`${base}/api/x`, { method: 'PATCH' });
    expect(na.statusCode).toBe(405);
    expect(na.headers['allow']).toContain('GET');
    expect(await na.body.json()).toMatchObject({ code: 'GW_METHOD_NOT_ALLOWED' });
  });
});
