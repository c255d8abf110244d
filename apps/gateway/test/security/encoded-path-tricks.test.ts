import { posix } from 'node:path';
import { Client, request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { startTestGateway } from '../support/harness';

/**
 * A backend like many in the wild: it percent-decodes the path, then normalises it, then
 * decides. Its /private area relies on the gateway's token check in front of it.
 */
async function decodingBackend(): Promise<TestBackend> {
  return startBackend((req, res) => {
    let path: string;
    try {
      path = posix.normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/\\/g, '/'));
    } catch {
      path = '/';
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ area: path.startsWith('/private/') ? 'PRIVATE' : 'public', url: req.url, path }));
  });
}

describe('item 2: encoded path tricks never reach another backend path', () => {
  let gw: Gateway;
  let backend: TestBackend;

  /** Creates one server with a public route and a token-protected private route; returns its port. */
  async function edge(name: string, server: Record<string, unknown> = {}): Promise<number> {
    await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: `${name}-srv`, port: 0, ...server } });
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: `${name}-pub`, server_name: `${name}-srv`, path: '/public/{rest...}' } });
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: `${name}-priv`, server_name: `${name}-srv`, path: '/private/{rest...}' } });
    await gw.createPlugin({ type: 'TestFail', config: { plugin_name: `${name}-deny`, result_code: 401 } });
    await gw.createPlugin({
      type: 'HTTPOutput',
      config: { plugin_name: `${name}-out`, url_pattern: `${backend.url}{REQUEST_URI}`, method: '{REQUEST_METHOD}' },
    });
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: `${name}-public`, plugin_names: [`${name}-srv`, `${name}-pub`, `${name}-out`] } });
    await gw.createPipeline({
      type: 'LinearPipeline',
      config: { pipeline_name: `${name}-private`, plugin_names: [`${name}-srv`, `${name}-priv`, `${name}-deny`, `${name}-out`] },
    });
    return serverPort(gw, `${name}-public`);
  }

  /** Sends `path` exactly as written and returns status, headers and parsed body. */
  async function send(port: number, path: string): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
    // A Client sends the path as written; request() would normalise it first.
    const client = new Client(`http://127.0.0.1:${port}`);
    try {
      const r = await client.request({ path, method: 'GET' });
      const text = await r.body.text();
      return { status: r.statusCode, headers: r.headers as Record<string, string>, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } finally {
      await client.close();
    }
  }

  let port: number;
  beforeAll(async () => {
    backend = await decodingBackend();
    gw = await startTestGateway();
    port = await edge('def');
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('serves the public area and refuses the private one, as a control', async () => {
    expect(await send(port, '/public/x')).toMatchObject({ status: 200, body: { area: 'public', url: '/public/x' } });
    expect((await send(port, '/private/x')).status).toBe(401);
  });

  it.each([
    ['/public/..%2Fprivate/x', 'an escaped slash'],
    ['/public/%2e%2e%2fprivate/x', 'an escaped slash'],
    ['/public/..%2fprivate/x', 'an escaped slash'],
    ['/public/..%5Cprivate/x', 'a backslash'],
    ['/public/..%5cprivate/x', 'a backslash'],
    ['/public/..\\private/x', 'a backslash'],
    ['/public/..;/private/x', '";" parameters'],
  ])('refuses %s with a JSON 400 (%s) and never calls the backend', async (path, why) => {
    const before = backend.requests.length;
    const r = await send(port, path);
    expect(r.status).toBe(400);
    expect(r.body['code']).toBe('GW_BAD_REQUEST');
    expect(String(r.body['message'])).toContain(why);
    expect(backend.requests.length).toBe(before);
  });

  it('double encoding (%252F, %252e) stays data: the decoding backend still serves the public area', async () => {
    for (const path of ['/public/..%252Fprivate/x', '/public/%252e%252e%252fprivate/x', '/public/..%255Cprivate/x']) {
      const r = await send(port, path);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ area: 'public', url: path });
    }
  });

  it('resolves dot segments before routing and forwards the normalised path', async () => {
    expect(await send(port, '/public/a/./b/../c')).toMatchObject({ status: 200, body: { url: '/public/a/c' } });
    expect(await send(port, '/public/a/%2e%2E/c?q=1')).toMatchObject({ status: 200, body: { url: '/public/c?q=1' } });
    // Climbing out of /public lands on the private route, which wants a token.
    expect((await send(port, '/public/../private/x')).status).toBe(401);
    expect((await send(port, '/public/%2e%2e/private/x')).status).toBe(401);
    expect(await send(port, '/../private/x')).toMatchObject({ status: 400, body: { code: 'GW_BAD_REQUEST' } });
  });

  it('merges repeated slashes, so //private cannot slip past the private route', async () => {
    expect((await send(port, '//private/x')).status).toBe(401);
    expect(await send(port, '/public//a///b')).toMatchObject({ status: 200, body: { url: '/public/a/b' } });
  });

  it('path_with_escaped_slashes "unescape_and_redirect" answers 307 to the unescaped, normalised path', async () => {
    const p = await edge('redir', { path_with_escaped_slashes: 'unescape_and_redirect' });
    const before = backend.requests.length;
    const r = await send(p, '/public/..%2Fprivate/x?k=v');
    expect(r.status).toBe(307);
    expect(r.headers['location']).toBe('/private/x?k=v');
    expect(backend.requests.length).toBe(before);
    const followed = await request(`http://127.0.0.1:${p}${r.headers['location']}`);
    expect(followed.statusCode).toBe(401);
    await followed.body.text();
  });

  it('path_with_escaped_slashes "keep" forwards %2F as data (for backends that do not decode it)', async () => {
    const p = await edge('keep', { path_with_escaped_slashes: 'keep', merge_slashes: false });
    expect(await send(p, '/public/a%2Fb')).toMatchObject({ status: 200, body: { url: '/public/a%2Fb' } });
    // Backslashes are refused whatever the policy.
    expect((await send(p, '/public/a%5Cb')).status).toBe(400);
    expect(await send(p, '/public//a')).toMatchObject({ status: 200, body: { url: '/public//a' } });
  });
});
