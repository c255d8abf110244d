import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { request } from 'undici';
import { startAuthApp, type RunningAuthApp } from '@gatehouse/auth/dist/app.factory';
import { memoryRegistry } from '@gatehouse/registry';
import { createAgent, type Agent } from '@gatehouse/registry/agent';
import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../support/harness';

/**
 * The talk's point: the gateway and the services share one discovery. The real auth service
 * registers through the real registry agent (memory registry behind it); the gateway's login
 * route names the service, not an address, and follows the registry when the service leaves.
 */
describe('the gateway routes the login to the auth service by name, through the registry agent', () => {
  const ADMIN = 'e2e-admin-key-0123456789';
  const dir = mkdtempSync(join(tmpdir(), 'gh-e2e-registry-'));
  let agent: Agent;
  let auth: RunningAuthApp;
  let authClosed = false;
  let gw: Gateway;
  let base: string;

  beforeAll(async () => {
    agent = await createAgent({ registry: memoryRegistry(), alarm: { raise: () => Promise.resolve() }, port: 0, probeIntervalMs: 60_000 });
    const agentUrl = `http://127.0.0.1:${agent.port}`;
    auth = await startAuthApp({
      host: '127.0.0.1',
      port: 0,
      adminApiKey: ADMIN,
      database: { kind: 'sqlite', path: join(dir, 'auth.sqlite') },
      redisUrl: null,
      registryAgentUrl: agentUrl,
      advertiseAddress: '127.0.0.1',
      trustProxy: 'loopback',
      production: false,
      logLevel: 'silent',
      logger: pino({ level: 'silent' }),
      hasher: { params: { N: 2 ** 10, r: 8, p: 1 }, unsafeAllowWeakParamsForTests: true },
    });
    await expect(auth.registered).resolves.toBe(true);
    const created = await request(`${auth.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN },
      body: JSON.stringify({ username: 'ada', password: 'correct horse battery' }),
    });
    expect(created.statusCode).toBe(201);
    await created.body.dump();
    gw = await startTestGateway();
    await createPipeline(gw, 'login', [
      serverSpec('srv'),
      inputSpec('login-in', 'srv', { path: '/login', methods: ['POST'] }),
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: 'login-out',
          url_pattern: '/v1/login',
          method: 'POST',
          expected_response_codes: [],
          upstream: { service_name: 'auth', registry_agent_url: agentUrl, registry_refresh_sec: 0.1 },
        },
      },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'login')}`;
  });
  afterAll(async () => {
    await gw.stop();
    if (!authClosed) await auth.close();
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = async (password: string): Promise<{ status: number; body: { code?: string } }> => {
    const res = await request(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as { code?: string } };
  };

  it('logs in through the instance the registry names', async () => {
    expect((await login('correct horse battery')).status).toBe(200);
    expect((await login('wrong password, clearly')).status).toBe(401);
  });

  it('follows the registry: once auth deregisters, the route answers 503 GW_NO_HEALTHY_BACKEND, not a connect error', async () => {
    await auth.close();
    authClosed = true;
    let last = await login('correct horse battery');
    for (let i = 0; i < 100 && last.body.code !== 'GW_NO_HEALTHY_BACKEND'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      last = await login('correct horse battery');
    }
    expect(last).toEqual({ status: 503, body: expect.objectContaining({ code: 'GW_NO_HEALTHY_BACKEND' }) as object });
  });
});
