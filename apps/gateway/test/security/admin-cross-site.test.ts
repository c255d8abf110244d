import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { createAdminApp } from '../../src/admin/admin-app.factory';
import type { RunningGateway } from '../../src/bootstrap';
import { MemoryConfigStore } from '../../src/config-store/config-store';
import { ManualClock } from '../../src/engine/clock';
import { Gateway } from '../../src/engine/gateway';
import { builtinPlugins } from '../../src/plugins';
import { removeDir, startGateway, tempDataDir } from '../admin/harness';

const SPEC = JSON.stringify({ type: 'ThroughputRateLimiter', config: { plugin_name: 'lim', tps: '5' } });

/** One raw admin request, so Host and Origin are sent exactly as a hostile page would. */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers, setHost: !('host' in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('item 3: no cross-site writes to the admin plane', () => {
  let dir: string;
  let gw: RunningGateway;

  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a write sent as %s with 415 and creates nothing',
    async (type) => {
      const r = await send(gw.adminUrl, 'POST', '/admin/v1/plugins', { 'content-type': type }, SPEC);
      expect(r.status).toBe(415);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'GW_UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
      expect(gw.gateway.listPlugins()).toEqual([]);
    },
  );

  it('refuses a write without a Content-Type with 415', async () => {
    const r = await send(gw.adminUrl, 'PUT', '/admin/v1/plugins', {}, SPEC);
    expect(r.status).toBe(415);
  });

  it('accepts application/json writes from loopback, as a control', async () => {
    const r = await send(gw.adminUrl, 'POST', '/admin/v1/plugins', { 'content-type': 'application/json; charset=utf-8' }, SPEC);
    expect(r.status).toBe(201);
    await gw.gateway.deletePlugin('lim');
  });

  it.each(['evil.example', 'evil.example:9090', '127.0.0.1.nip.io'])('without a key, refuses Host %s with 403 (DNS rebinding)', async (host) => {
    const r = await send(gw.adminUrl, 'GET', '/admin/v1/plugins', { host });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'GW_FORBIDDEN', field: 'host' });
  });

  it.each(['localhost', '127.0.0.1:9090', '[::1]:9090'])('serves loopback Host %s', async (host) => {
    const r = await send(gw.adminUrl, 'GET', '/health/v1/check', { host });
    expect(r.status).toBe(200);
  });

  it('refuses a cross-site Origin or Sec-Fetch-Site with 403, also with the right Content-Type', async () => {
    const attempts: Record<string, string>[] = [
      { origin: 'http://evil.example', 'content-type': 'application/json' },
      { origin: 'null', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
    ];
    for (const headers of attempts) {
      const r = await send(gw.adminUrl, 'POST', '/admin/v1/plugins', headers, SPEC);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'GW_FORBIDDEN' });
    }
    const same = await send(gw.adminUrl, 'POST', '/admin/v1/plugins', { origin: gw.adminUrl, 'content-type': 'application/json' }, SPEC);
    expect(same.status).toBe(201);
    expect(gw.gateway.listPlugins().map((p) => p.config.plugin_name)).toEqual(['lim']);
  });
});

describe('item 3: weak admin keys', () => {
  it.each([['short-key'], ['change-me'], ['CHANGE-ME'], ['changeme'], ['aaaaaaaaaaaaaaaaaaaa']])('refuses to start with key %j', async (apiKey) => {
    const dir = await tempDataDir();
    try {
      await expect(startGateway({ dataDir: dir, apiKey })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'GATEWAY_ADMIN_API_KEY' });
    } finally {
      await removeDir(dir);
    }
  });

  it('docker-compose.yml ships no usable key: each node generates its own at first boot, or requires one', () => {
    const compose = readFileSync(join(__dirname, '..', '..', '..', '..', 'docker-compose.yml'), 'utf8');
    const lines = compose.split('\n').filter((l) => /GATEWAY_ADMIN_API_KEY/.test(l) && !l.trim().startsWith('#'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toMatch(/change-me/i);
      // A key file the gateway fills with a random key when missing, or a variable compose insists on.
      expect(line).toMatch(/GATEWAY_ADMIN_API_KEY_FILE: \/|\$\{GATEWAY_ADMIN_API_KEY:\?/);
    }
  });

  it('throttles wrong keys per client address: 429 with Retry-After, whatever key, until the window passes', async () => {
    const clock = new ManualClock();
    const key = 'a-long-random-admin-key-0123';
    const gateway = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins });
    await gateway.start();
    const app = await createAdminApp({ gateway, apiKey: key, logger: pino({ level: 'silent' }), clock });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const base = url.replace('[::1]', '127.0.0.1');
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await send(base, 'GET', '/admin/v1/plugins', { 'x-api-key': `guess-${i}` })).status);
      expect(statuses).toEqual(Array(10).fill(401));
      const blocked = await send(base, 'GET', '/admin/v1/plugins', { 'x-api-key': key });
      expect(blocked.status).toBe(429);
      expect(JSON.parse(blocked.body)).toMatchObject({ code: 'GW_TOO_MANY_ATTEMPTS' });
      expect(blocked.headers['retry-after']).toBe('60');
      clock.advance(30_000);
      expect((await send(base, 'GET', '/admin/v1/plugins', { 'x-api-key': 'guess' })).headers['retry-after']).toBe('30');
      clock.advance(30_000);
      expect((await send(base, 'GET', '/admin/v1/plugins', { 'x-api-key': key })).status).toBe(200);
    } finally {
      await app.close();
      await gateway.stop();
    }
  });
});
