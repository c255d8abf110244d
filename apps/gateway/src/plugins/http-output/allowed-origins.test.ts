import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { HttpOutput } from './http-output';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, freePort, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('HTTPOutput with a templated origin reaches only allowed_origins', () => {
  let gw: Gateway;
  let a: TestBackend;
  let b: TestBackend;
  let base: string;
  let unlistedPort: number;
  let unlistedHits = 0;
  let unlisted: TestBackend;
  beforeAll(async () => {
    a = await startBackend();
    b = await startBackend();
    unlisted = await startBackend((_req, res) => {
      unlistedHits++;
      res.end('should never be reached');
    });
    unlistedPort = unlisted.port;
    gw = await startTestGateway();
    await createPipeline(gw, 'o', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/to/{port}/x' }),
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: 'out',
          url_pattern: 'http://127.0.0.1:{port}/echo',
          method: 'GET',
          allowed_origins: [a.url, `${b.url}`],
        },
      },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'o')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await Promise.all([a.close(), b.close(), unlisted.close()]);
  });

  it('routes to each listed origin', async () => {
    for (const be of [a, b]) {
      const res = await request(`${base}/to/${be.port}/x`);
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      expect(be.requests.at(-1)?.url).toBe('/echo');
    }
  });

  it('answers GW_ORIGIN_NOT_ALLOWED (400) for any other origin, without connecting', async () => {
    const res = await request(`${base}/to/${unlistedPort}/x`);
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({ code: 'GW_ORIGIN_NOT_ALLOWED' });
    expect(unlistedHits).toBe(0);
  });

  it('creates no pool for refused origins: many distinct hosts leave the pool count at the listed ones', async () => {
    const instance = (await gw.model.acquire('out')).instance;
    if (!(instance instanceof HttpOutput)) throw new Error('out is not an HTTPOutput');
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const p of ports) {
      const res = await request(`${base}/to/${p}/x`);
      expect(res.statusCode).toBe(400);
      await res.body.dump();
    }
    expect(instance.pooledOrigins.sort()).toEqual([a.url, b.url].sort());
  });

  it('refuses at config time a templated origin without allowed_origins, or a malformed entry', async () => {
    const out = (config: Record<string, unknown>) =>
      gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'bad', url_pattern: 'http://{HOST}/x', method: 'GET', ...config } });
    await expect(out({})).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.allowed_origins' });
    await expect(out({ allowed_origins: ['http://a.example/path'] })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.allowed_origins.0' });
    await expect(out({ allowed_origins: ['http://user:pw@a.example'] })).rejects.toMatchObject({ field: 'config.allowed_origins.0' });
    await expect(
      gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'bad2', url_pattern: 'http://c.example/x', method: 'GET', allowed_origins: ['http://d.example'] } }),
    ).rejects.toMatchObject({ field: 'config.allowed_origins' });
  });
});
