import type { RunningGateway } from '../../src/bootstrap';
import { api, diskState, removeDir, startGateway, tempDataDir } from './harness';

const KEY = 's3cret-admin-key';
const spec = { type: 'ThroughputRateLimiter', config: { plugin_name: 'k-lim', tps: '3' } };

describe('admin API key (GATEWAY_ADMIN_API_KEY)', () => {
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir, apiKey: KEY });
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('requires a key on admin routes: 401 GW_UNAUTHORIZED with a Bearer challenge', async () => {
    for (const [method, path] of [
      ['GET', '/admin/v1/plugins'],
      ['GET', '/admin/v1/plugin-types'],
      ['GET', '/admin/v1/pipelines/x'],
      ['DELETE', '/admin/v1/plugins/x'],
    ] as const) {
      const res = await api(gw.adminUrl, method, path);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('GW_UNAUTHORIZED');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('refuses a wrong key, in either header, and changes nothing', async () => {
    const before = await diskState(dir);
    for (const headers of <Record<string, string>[]>[
      { authorization: 'Bearer wrong' },
      { 'x-api-key': `${KEY}x` },
      { authorization: `Basic ${KEY}` },
    ]) {
      const res = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', spec, headers);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('GW_UNAUTHORIZED');
    }
    expect(gw.gateway.listPlugins()).toEqual([]);
    expect(await diskState(dir)).toEqual(before);
  });

  it('checks the key before reading the body: an unauthenticated oversized or malformed body is a 401', async () => {
    expect((await api(gw.adminUrl, 'POST', '/admin/v1/plugins', '{oops')).status).toBe(401);
    expect(
      (await api(gw.adminUrl, 'POST', '/admin/v1/plugins', 'x'.repeat(2 * 1024 * 1024))).status,
    ).toBe(401);
  });

  it('accepts the key as Authorization: Bearer and as X-API-Key', async () => {
    const created = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', spec, {
      authorization: `Bearer ${KEY}`,
    });
    expect(created.status).toBe(201);
    const listed = await api(gw.adminUrl, 'GET', '/admin/v1/plugins', undefined, {
      'x-api-key': KEY,
    });
    expect(listed.status).toBe(200);
    expect(
      listed.body.plugins.map((p: { config: { plugin_name: string } }) => p.config.plugin_name),
    ).toEqual(['k-lim']);
  });

  it('asks no key on health routes and the OpenAPI document', async () => {
    expect((await api(gw.adminUrl, 'GET', '/health/v1/check')).status).toBe(200);
    expect((await api(gw.adminUrl, 'GET', '/health/v1/info')).status).toBe(200);
    expect((await fetch(`${gw.adminUrl}/openapi.json`)).status).toBe(200);
  });

  it('asks the key on /health/v1/backends: it names backend addresses', async () => {
    expect((await api(gw.adminUrl, 'GET', '/health/v1/backends')).status).toBe(401);
    expect((await api(gw.adminUrl, 'GET', '/health/v1/backends', undefined, { 'x-api-key': KEY })).status).toBe(200);
  });
});
