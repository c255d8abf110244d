import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { startGateway } from '../support/gateway';
import { tokenPipelines } from '../support/token-gateway';
import { edKey } from '../support/tokens';

/** The gateway side of slide 16 against a stand-in auth backend that answers X-UID. */
describe('token flow through the gateway', () => {
  let auth: TestBackend;
  let backend: TestBackend;
  let gw: Gateway;
  let base: string;
  const oldKey = edKey('k-old');
  const newKey = edKey('k-new');

  beforeAll(async () => {
    auth = await startBackend((_req, res, body) => {
      const { username, password } = JSON.parse(body) as { username: string; password: string };
      if (username === 'ada' && password === 'correct horse') {
        res.writeHead(200, { 'x-uid': '1001', 'content-type': 'application/json' });
        res.end('{"uid":"1001"}');
      } else {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"code":"AUTH_INVALID_CREDENTIALS"}');
      }
    });
    // The backend tries to leak X-UID on every answer: the gateway must never relay it.
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-uid': 'leak' });
      res.end(JSON.stringify({ uid: req.headers['x-uid'] ?? null, token: req.headers['x-ddgw-token'] ?? null }));
    });
    gw = await startGateway();
    base = await tokenPipelines(gw, {
      authUrl: auth.url,
      backendUrl: backend.url,
      issuerKeys: [newKey],
      activeKid: 'k-new',
      validatorKeys: [newKey, { kid: 'k-old', alg: 'EdDSA', public_key: oldKey.public_key }],
    });
  });
  afterAll(async () => {
    await gw.stop();
    await auth.close();
    await backend.close();
  });

  async function login(password = 'correct horse'): Promise<{ status: number; token: string | undefined; uid: unknown }> {
    const res = await request(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password }),
    });
    await res.body.text();
    return { status: res.statusCode, token: res.headers['x-ddgw-token'] as string | undefined, uid: res.headers['x-uid'] };
  }

  it('login returns X-DDGW-TOKEN and hides X-UID; private calls carry the uid to the backend', async () => {
    const { status, token, uid } = await login();
    expect(status).toBe(200);
    expect(uid).toBeUndefined();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const res = await request(`${base}/private/orders`, { headers: { 'x-ddgw-token': token!, 'x-uid': '666' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-uid']).toBeUndefined();
    expect(await res.body.json()).toEqual({ uid: '1001', token: null });
  });

  it('a failed login gets no token', async () => {
    const { status, token } = await login('wrong');
    expect(status).toBe(401);
    expect(token).toBeUndefined();
  });

  it('private routes refuse a missing token with 401 JSON', async () => {
    const res = await request(`${base}/private/orders`);
    expect(res.statusCode).toBe(401);
    expect(await res.body.json()).toEqual({ code: 'GW_UNAUTHORIZED', message: 'missing or invalid token' });
  });

  it('public routes drop client-supplied X-UID in every spelling and never relay the backend X-UID', async () => {
    for (const h of ['x-uid', 'X-UID', 'X-Uid', 'x_uid', 'X_UID']) {
      const res = await request(`${base}/public/a`, { headers: { [h]: '666' } });
      expect(res.headers['x-uid']).toBeUndefined();
      expect(await res.body.json()).toMatchObject({ uid: null });
    }
    const dup = await request(`${base}/public/a`, { headers: ['x-uid', '1', 'x-uid', '2', 'X_UID', '3'] });
    expect(await dup.body.json()).toMatchObject({ uid: null });
  });

  it('keys rotate: tokens of a retired signing key still verify while listed', async () => {
    const { SignJWT, importPKCS8 } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    const old = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k-old' })
      .setSubject('7')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomBytes(8).toString('hex'))
      .setIssuer('gatehouse')
      .sign(await importPKCS8(oldKey.private_key, 'EdDSA'));
    const res = await request(`${base}/private/x`, { headers: { 'x-ddgw-token': old } });
    expect(await res.body.json()).toMatchObject({ uid: '7' });
  });

  it('logout revokes the token: the next private call is refused', async () => {
    const { token } = await login();
    expect((await request(`${base}/private/x`, { headers: { 'x-ddgw-token': token! } })).statusCode).toBe(200);
    const out = await request(`${base}/logout`, { method: 'POST', headers: { 'x-ddgw-token': token! } });
    expect(out.statusCode).toBe(204);
    const after = await request(`${base}/private/x`, { headers: { 'x-ddgw-token': token! } });
    expect(after.statusCode).toBe(401);
    await after.body.text();
  });
});
