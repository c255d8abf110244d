import { request } from 'undici';
import type { RunningGateway } from '../../src/bootstrap';
import { MemoryConfigStore } from '../../src/config-store/config-store';
import { DASHBOARD_CSP } from '../../src/admin/dashboard/dashboard.controller';
import { startGateway } from '../admin/harness';

/**
 * The admin plane serves the built dashboard at `/` and its assets at `/dashboard/<hashed name>`
 * (the gateway's build made them: turbo builds before it tests). It must not shadow or open any
 * API path, and no request path may reach a file the build did not write.
 */
describe('dashboard static route', () => {
  let gw: RunningGateway;
  let base: string;
  let assets: string[];

  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const res = await request(`${base}${path}`, { method: method as 'GET', headers });
    const body = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, headers: res.headers, body };
  };

  beforeAll(async () => {
    gw = await startGateway({ store: new MemoryConfigStore() });
    base = gw.adminUrl;
    const page = (await get('/')).body.toString('utf8');
    assets = [...page.matchAll(/(?:src|href)="dashboard\/([^"]+)"/g)].map((m) => m[1]!);
  });
  afterAll(() => gw.close());

  it('serves the page at / with a strict policy, nosniff, no framing and revalidation', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['etag']).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const html = r.body.toString('utf8');
    expect(html).toContain('<title>Gatehouse dashboard</title>');
    // No inline script, and every script and style comes from this origin.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('links a content-hashed script and style sheet, cached for a year', async () => {
    expect(assets.some((a) => /^app-[A-Z0-9]{8}\.js$/.test(a))).toBe(true);
    expect(assets.some((a) => /^app-[A-Z0-9]{8}\.css$/.test(a))).toBe(true);
    for (const a of assets) {
      const r = await get(`/dashboard/${a}`);
      expect([a, r.status]).toEqual([a, 200]);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.headers['content-type']).toBe(a.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers 304 to a matching If-None-Match, and HEAD with headers only', async () => {
    const first = await get('/');
    const again = await get('/', { 'if-none-match': String(first.headers['etag']) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get('/', { 'if-none-match': '"other"' })).status).toBe(200);
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
  });

  it('sends the Brotli or gzip form the build made when the client takes it', async () => {
    const js = assets.find((a) => a.endsWith('.js'))!;
    const plain = await get(`/dashboard/${js}`);
    const br = await get(`/dashboard/${js}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(br.headers['etag']).not.toBe(plain.headers['etag']);
    const gz = await get(`/dashboard/${js}`, { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
  });

  it('never reaches a file the build did not list, however the path is spelled', async () => {
    const tries = [
      '/dashboard/..%2f..%2fpackage.json',
      '/dashboard/%2e%2e%2fpackage.json',
      '/dashboard/..%5c..%5cpackage.json',
      '/dashboard/../package.json',
      '/dashboard/index.html',
      '/dashboard/app.js',
      '/dashboard/',
      '/index.html',
      '/dashboard/assets',
      `/dashboard/${assets[0]}.br`,
      `/dashboard/${assets[0]}%00.js`,
    ];
    for (const path of tries) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ code: 'GW_NOT_FOUND' });
    }
  });

  it('leaves every API path to the API', async () => {
    expect((await get('/admin/v1/plugins')).body.toString('utf8')).toBe('{"plugins":[]}');
    expect(JSON.parse((await get('/statistics/v1/pipelines')).body.toString('utf8'))).toEqual({ pipelines: [] });
    expect((await get('/health/v1/check')).body.toString('utf8')).toBe('{"status":"ok"}');
    expect((await get('/metrics')).headers['content-type']).toMatch(/^text\/plain/);
    const openapi = JSON.parse((await get('/openapi.json')).body.toString('utf8'));
    expect(Object.keys(openapi.paths).some((p) => p === '/' || p.startsWith('/dashboard'))).toBe(false);
    expect((await get('/docs')).status).toBeLessThan(400);
    expect((await get('/admin/v1/nope')).status).toBe(404);
  });

  it('serves the page to GET and HEAD only', async () => {
    const r = await request(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await r.body.dump();
    expect(r.statusCode).toBeGreaterThanOrEqual(404);
    expect(r.statusCode).toBeLessThan(500);
  });
});
