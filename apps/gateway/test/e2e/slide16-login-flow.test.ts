import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { request } from 'undici';
import { startAuthApp, type RunningAuthApp } from '@gatehouse/auth/dist/app.factory';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { startGateway } from '../support/gateway';
import { tokenPipelines } from '../support/token-gateway';
import { edKey } from '../support/tokens';

/**
 * Slide 16 end to end: the real gateway, the real auth service (SQLite) and a real backend.
 * login → X-DDGW-TOKEN → private call → backend sees the right X-UID → logout → token refused.
 */
describe('slide 16: login and token flow through the real auth service', () => {
  const ADMIN = 'e2e-admin-key-0123456789';
  const dir = mkdtempSync(join(tmpdir(), 'gh-e2e-auth-'));
  const key = edKey('k1');
  let auth: RunningAuthApp;
  let backend: TestBackend;
  let gw: Gateway;
  let base: string;
  let uid: string;

  beforeAll(async () => {
    auth = await startAuthApp({
      host: '127.0.0.1',
      port: 0,
      adminApiKey: ADMIN,
      database: { kind: 'sqlite', path: join(dir, 'auth.sqlite') },
      redisUrl: null,
      registryAgentUrl: null,
      advertiseAddress: '127.0.0.1',
      trustProxy: 'loopback',
      production: false,
      logLevel: 'silent',
      logger: pino({ level: 'silent' }),
      hasher: { params: { N: 2 ** 10, r: 8, p: 1 }, unsafeAllowWeakParamsForTests: true },
    });
    const created = await request(`${auth.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN },
      body: JSON.stringify({ username: 'ada', password: 'correct horse battery' }),
    });
    expect(created.statusCode).toBe(201);
    uid = String(((await created.body.json()) as { id: string | number }).id);
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ uid: req.headers['x-uid'] ?? null }));
    });
    gw = await startGateway();
    base = await tokenPipelines(gw, { authUrl: auth.url, backendUrl: backend.url, issuerKeys: [key], activeKid: 'k1', validatorKeys: [key] });
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
    await auth.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (password: string, body?: string) =>
    request(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body ?? JSON.stringify({ username: 'ada', password }),
    });

  it('login → token → private call with X-UID → logout → token refused', async () => {
    const res = await login('correct horse battery');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-uid']).toBeUndefined();
    const token = res.headers['x-ddgw-token'] as string;
    expect(token).toBeTruthy();
    await res.body.text();

    const call = await request(`${base}/private/profile`, { headers: { 'x-ddgw-token': token } });
    expect(call.statusCode).toBe(200);
    expect(await call.body.json()).toEqual({ uid });

    const out = await request(`${base}/logout`, { method: 'POST', headers: { 'x-ddgw-token': token } });
    expect(out.statusCode).toBe(204);
    await out.body.text();

    const refused = await request(`${base}/private/profile`, { headers: { 'x-ddgw-token': token } });
    expect(refused.statusCode).toBe(401);
    expect(await refused.body.json()).toEqual({ code: 'GW_UNAUTHORIZED', message: 'missing or invalid token' });
  });

  it('a wrong password gets the auth service 401 and no token', async () => {
    const res = await login('wrong password!');
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-ddgw-token']).toBeUndefined();
    await res.body.text();
  });

  it('login bodies that are not JSON or lack fields get 400 and no token', async () => {
    for (const body of ['not json', '{}', '{"username":"ada"}', '[]']) {
      const res = await login('', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['x-ddgw-token']).toBeUndefined();
      await res.body.text();
    }
  });

  it('database down during login: 503 and no token', async () => {
    await auth.dataSource.destroy();
    const res = await login('correct horse battery');
    expect(res.statusCode).toBe(503);
    expect(res.headers['x-ddgw-token']).toBeUndefined();
    await res.body.text();
  });
});
