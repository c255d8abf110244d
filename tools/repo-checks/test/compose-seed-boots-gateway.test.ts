// The compose gateway's first-boot seed (deploy/compose/gateway, run by `gateway-init`) gives a
// config the real gateway starts with: data plane on 0.0.0.0, POST /login through the auth
// service, logout revoking in Redis, token keys in 0600 files. Addresses are the only things
// moved (free ports, the local auth and Redis) — the config itself is the compose one.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWith, hostAndPort, serviceUrl } from '@gatehouse/test-support';
import { ROOT } from './repo';

const SEED = join(ROOT, 'deploy', 'compose', 'gateway', 'seed-gateway-data.mjs');
const GATEWAY = join(ROOT, 'apps', 'gateway', 'dist', 'main.js');
const AUTH = join(ROOT, 'apps', 'auth', 'dist');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startUntilHealthy(script: string, env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!(await fetch(url).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`${script} did not answer ${url}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** DEL `key` on the shared test Redis (one RESP command; the seed's revocation prefix is not ours). */
function redisDel(key: string): Promise<void> {
  const { host, port } = hostAndPort(serviceUrl('redis'), 6379);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => socket.write(`*2\r\n$3\r\nDEL\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`));
    socket.once('data', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}

describeWith('redis')('the compose gateway seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-compose-seed-'));
  const data = join(dir, 'data');
  let auth: ChildProcess | undefined;
  let gateway: ChildProcess | undefined;
  let revokedKey: string | undefined;
  afterAll(async () => {
    if (revokedKey !== undefined) await redisDel(revokedKey);
    await stop(gateway);
    await stop(auth);
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds once, and the gateway serves login and Redis-backed logout with it', async () => {
    const [httpPort, authPort, adminPort] = [await freePort(), await freePort(), await freePort()];
    const seedEnv = { ...process.env, GATEWAY_HTTP_PORT: String(httpPort), AUTH_URL: `http://127.0.0.1:${authPort}`, REDIS_URL: serviceUrl('redis') };
    expect(execFileSync(process.execPath, [SEED, data], { env: seedEnv, encoding: 'utf8' })).toContain('seeded');
    const plugins = readFileSync(join(data, 'plugins.json'), 'utf8');
    expect(JSON.parse(plugins).plugins[0]).toMatchObject({ type: 'HTTPServer', config: { host: '0.0.0.0', port: httpPort } });
    expect(plugins).not.toMatch(/BEGIN|PRIVATE KEY/);
    for (const f of ['token-ed25519.key.pem', 'token-ed25519.pub.pem']) expect(statSync(join(data, 'keys', f)).mode & 0o777).toBe(0o600);
    expect(execFileSync(process.execPath, [SEED, data], { env: seedEnv, encoding: 'utf8' })).toContain('left as it is');
    expect(readFileSync(join(data, 'plugins.json'), 'utf8')).toBe(plugins);

    const authEnv = { AUTH_PORT: String(authPort), AUTH_SQLITE_PATH: join(dir, 'auth.sqlite'), DATABASE_URL: '', REDIS_URL: '', REGISTRY_AGENT_URL: '', AUTH_LOG_LEVEL: 'warn' };
    execFileSync(process.execPath, [join(AUTH, 'create-user.js'), 'alice'], { env: { ...process.env, ...authEnv }, input: 'compose-password\n' });
    auth = await startUntilHealthy(join(AUTH, 'main.js'), authEnv, `http://127.0.0.1:${authPort}/v1/health`);
    gateway = await startUntilHealthy(
      GATEWAY,
      { GATEWAY_DATA_DIR: data, GATEWAY_ADMIN_PORT: String(adminPort), GATEWAY_ADMIN_API_KEY_FILE: join(data, 'admin-api-key') },
      `http://127.0.0.1:${adminPort}/health/v1/check`,
    );

    const base = `http://127.0.0.1:${httpPort}`;
    const login = await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'compose-password' }) });
    expect(login.status).toBe(200);
    const token = login.headers.get('x-ddgw-token')!;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { jti } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string };
    revokedKey = `gatehouse:revoked:${jti}`;
    expect((await fetch(`${base}/logout`, { method: 'POST', headers: { 'x-ddgw-token': token } })).status).toBe(204);
    expect((await fetch(`${base}/logout`, { method: 'POST', headers: { 'x-ddgw-token': token } })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${adminPort}/admin/v1/plugins`)).status).toBe(401);
  }, 90_000);
});
