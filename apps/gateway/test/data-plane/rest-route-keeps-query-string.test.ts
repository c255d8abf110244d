// A route `/svc2/{rest...}` proxied to `http://backend/{rest}` keeps the request's query string:
// `/svc2/x?y=1` reaches the backend as `/x?y=1`. A pattern with a query of its own sends only
// that one; a pattern ending in "?" drops the request's.
import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { proxyPipeline, startGateway } from '../support/gateway';

describe('query string through a {rest...} route', () => {
  let gw: Gateway;
  let backend: TestBackend;
  const bases: Record<string, string> = {};
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startGateway();
    const route = (name: string, urlSuffix: string): Promise<string> =>
      proxyPipeline(gw, { name, path: `/${name}/{rest...}`, backendUrl: backend.url, urlSuffix });
    bases['svc2'] = await route('svc2', '/{rest}');
    bases['fixed'] = await route('fixed', '/{rest}?api=2');
    bases['dropped'] = await route('dropped', '/{rest}?');
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  async function backendUrlFor(url: string): Promise<string> {
    const res = await request(url);
    expect(res.statusCode).toBe(200);
    return ((await res.body.json()) as { url: string }).url;
  }

  it('appends the request query, as sent, to the rendered path', async () => {
    expect(await backendUrlFor(`${bases['svc2']}/svc2/x?y=1`)).toBe('/x?y=1');
    expect(await backendUrlFor(`${bases['svc2']}/svc2/a/b?p=1&q=%20z&p=2`)).toBe('/a/b?p=1&q=%20z&p=2');
  });

  it('adds no "?" when the request has no query', async () => {
    expect(await backendUrlFor(`${bases['svc2']}/svc2/x`)).toBe('/x');
    expect(await backendUrlFor(`${bases['svc2']}/svc2/x?`)).toBe('/x');
  });

  it("sends only the pattern's own query when it has one, and none after a bare '?'", async () => {
    expect(await backendUrlFor(`${bases['fixed']}/fixed/x?y=1`)).toBe('/x?api=2');
    expect(await backendUrlFor(`${bases['dropped']}/dropped/x?y=1`)).toBe('/x?');
  });
});
