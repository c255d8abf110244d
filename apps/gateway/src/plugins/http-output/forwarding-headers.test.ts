import { request as httpRequest } from 'node:http';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

function send(port: number, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/fwd', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPOutput forwarding headers', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let port: number;
  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      res.setHeader('x-from-backend', '1');
      res.setHeader('proxy-connection', 'keep-alive');
      res.setHeader('keep-alive', 'timeout=5');
      res.end(JSON.stringify(req.headers));
    });
    gw = await startTestGateway();
    await createPipeline(gw, 'f', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/fwd' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}/`, method: 'GET' } },
    ]);
    port = serverPort(gw, 'f');
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('does not forward hop-by-hop headers either way, forwards end-to-end ones', async () => {
    const res = await send(port, { 'keep-alive': 'timeout=99', 'proxy-connection': 'keep-alive', te: 'trailers', 'x-end-to-end': 'yes' });
    const seen = JSON.parse(res.body) as Record<string, string>;
    expect(seen['x-end-to-end']).toBe('yes');
    expect(seen['keep-alive']).toBeUndefined();
    expect(seen['proxy-connection']).toBeUndefined();
    expect(seen['te']).toBeUndefined();
    expect(res.headers['x-from-backend']).toBe('1');
    expect(res.headers['proxy-connection']).toBeUndefined();
    expect(res.headers['keep-alive']).not.toBe('timeout=5');
  });

  it('appends the client address to X-Forwarded-For and sets X-Forwarded-Host', async () => {
    const first = JSON.parse((await send(port, {})).body) as Record<string, string>;
    expect(first['x-forwarded-for']).toBe('127.0.0.1');
    expect(first['x-forwarded-host']).toBe(`127.0.0.1:${port}`);
    expect(first['host']).toBe(`127.0.0.1:${backend.port}`);
    const chained = JSON.parse((await send(port, { 'x-forwarded-for': '10.0.0.1' })).body) as Record<string, string>;
    expect(chained['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
  });
});
