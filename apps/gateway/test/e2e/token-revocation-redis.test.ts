import { randomBytes } from 'node:crypto';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { Redis } from 'ioredis';
import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { startGateway } from '../support/gateway';
import { tokenPipelines } from '../support/token-gateway';
import { edKey } from '../support/tokens';

const REDIS_URL = serviceUrl('redis');

/** Logout through the Redis deny-list: one gateway revokes, another gateway refuses the token. */
describeWith('redis')('token revocation in Redis', () => {
  const prefix = `gh:gateway:${randomBytes(4).toString('hex')}:revoked:`;
  const key = edKey('k1');
  let auth: TestBackend;
  let backend: TestBackend;
  const gws: Gateway[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    auth = await startBackend((_req, res) => {
      res.writeHead(200, { 'x-uid': '5' });
      res.end();
    });
    backend = await startBackend((req, res) => res.end(String(req.headers['x-uid'])));
    for (let i = 0; i < 2; i++) {
      const gw = await startGateway();
      gws.push(gw);
      bases.push(
        await tokenPipelines(gw, {
          authUrl: auth.url,
          backendUrl: backend.url,
          issuerKeys: [key],
          activeKid: 'k1',
          validatorKeys: [key],
          revocation: 'redis',
          redisUrl: REDIS_URL,
          redisPrefix: prefix,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const gw of gws) await gw.stop();
    await auth.close();
    await backend.close();
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });

  it('a token revoked through one gateway is refused by another, and the deny-list entry expires with the token', async () => {
    const login = await request(`${bases[0]}/login`, { method: 'POST', body: '{}' });
    const token = login.headers['x-ddgw-token'] as string;
    await login.body.text();
    const ok = await request(`${bases[1]}/private/x`, { headers: { 'x-ddgw-token': token } });
    expect(await ok.body.text()).toBe('5');
    const out = await request(`${bases[0]}/logout`, { method: 'POST', headers: { 'x-ddgw-token': token } });
    expect(out.statusCode).toBe(204);
    await out.body.text();
    const refused = await request(`${bases[1]}/private/x`, { headers: { 'x-ddgw-token': token } });
    expect(refused.statusCode).toBe(401);
    await refused.body.text();
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    const ttl = await r.pttl(keys[0]!);
    r.disconnect();
    expect(ttl).toBeGreaterThan(500_000);
    expect(ttl).toBeLessThanOrEqual(630_000);
  });
});
