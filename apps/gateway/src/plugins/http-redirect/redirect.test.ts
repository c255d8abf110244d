import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPRedirect', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let base: string;
  const redirect = (config: Record<string, unknown>) => ({
    type: 'HTTPRedirect',
    config: { plugin_name: 'redir', match: '^/v1/(.*)$', replacement: '/v2/$1', ...config },
  });
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    await createPipeline(gw, 'r', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/{rest...}' }),
      redirect({}),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}{REQUEST_URI}`, method: 'GET' } },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'r')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });
  beforeEach(() => {
    backend.requests.length = 0;
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await request(`${base}${path}`, { headers });
    const body = await res.body.text();
    return { status: res.statusCode, location: res.headers['location'], body };
  };

  it('answers 301 by default with the $1 replacement on the URI (query included), without a backend call', async () => {
    expect(await get('/v1/users/7?x=1')).toEqual({ status: 301, location: '/v2/users/7?x=1', body: '' });
    expect(backend.requests).toEqual([]);
  });

  it('passes a non-matching request through to the backend', async () => {
    const r = await get('/v3/users');
    expect(r.status).toBe(200);
    expect(r.location).toBeUndefined();
    expect(backend.requests.map((q) => q.url)).toEqual(['/v3/users']);
  });

  it.each([301, 302, 303, 307, 308])('answers with status_code %i', async (status) => {
    await gw.updatePlugin(redirect({ status_code: status }));
    expect(await get('/v1/a')).toEqual({ status, location: '/v2/a', body: '' });
    expect(backend.requests).toEqual([]);
  });

  it('match_part "path" sees the path only (the query does not reach the replacement)', async () => {
    await gw.updatePlugin(redirect({ match_part: 'path' }));
    expect((await get('/v1/p?q=1')).location).toBe('/v2/p');
  });

  it('match_part "full" sees scheme, host and URI', async () => {
    await gw.updatePlugin(redirect({ match_part: 'full', match: '^http://([^/]+)/old/(.*)$', replacement: 'https://$1/new/$2', status_code: 308 }));
    const r = await get('/old/x?y=2', { host: 'api.example.com' });
    expect(r).toEqual({ status: 308, location: 'https://api.example.com/new/x?y=2', body: '' });
    expect(backend.requests).toEqual([]);
  });

  it('supports named groups with $<name>', async () => {
    await gw.updatePlugin(redirect({ match: '^/v1/(?<rest>.*)$', replacement: '/v9/$<rest>' }));
    expect((await get('/v1/z')).location).toBe('/v9/z');
  });

  it('refuses an invalid regular expression or status, naming the field', async () => {
    await expect(gw.updatePlugin(redirect({ match: '(' }))).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.match' });
    await expect(gw.updatePlugin(redirect({ status_code: 304 }))).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.status_code' });
    await expect(gw.updatePlugin(redirect({ match_part: 'host' }))).rejects.toMatchObject({ field: 'config.match_part' });
  });
});
