import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';

/**
 * The demo's auth service: `apps/auth` started as a child process on embedded defaults (a SQLite
 * file in the demo data directory), with one demo user, so the slide-16 login flow runs without
 * any external service. Found through the monorepo layout, as the demo is a monorepo script.
 */
export interface DemoAuth {
  url: string;
  username: string;
  password: string;
  close(): Promise<void>;
}

export const DEMO_USER = { username: 'demo', password: 'gatehouse-demo' };

/** Path of the auth service entry point beside this package in the monorepo. */
export function authEntryPoint(): string {
  return join(__dirname, '..', '..', '..', 'auth', 'dist', 'main.js');
}

async function waitForHealth(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the auth service exited with code ${child.exitCode}`);
    try {
      const res = await request(`${url}/v1/health`);
      await res.body.text();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the auth service did not answer on ${url} within ${ms} ms`);
}

/** Starts the auth service on `port` and makes sure the demo user exists. */
export async function startDemoAuth(dataDir: string, port: number): Promise<DemoAuth> {
  const entry = authEntryPoint();
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build apps/auth first (pnpm build)`);
  mkdirSync(dataDir, { recursive: true });
  const adminKey = randomBytes(24).toString('base64url');
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      AUTH_HOST: '127.0.0.1',
      AUTH_PORT: String(port),
      AUTH_SQLITE_PATH: join(dataDir, 'auth.sqlite'),
      AUTH_ADMIN_API_KEY: adminKey,
      AUTH_TRUST_PROXY: 'loopback',
      AUTH_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
      REGISTRY_AGENT_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitForHealth(url, child, 20_000);
    const res = await request(`${url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(DEMO_USER),
    });
    await res.body.text();
    if (res.statusCode !== 201 && res.statusCode !== 409) throw new Error(`creating the demo user answered ${res.statusCode}`);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, ...DEMO_USER, close };
}

/** The demo's token signing key (Ed25519), made once and kept in the data directory. */
export function demoTokenKey(dataDir: string): { kid: string; alg: 'EdDSA'; private_key: string; public_key: string } {
  const file = join(dataDir, 'demo-token-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof demoTokenKey>;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = {
    kid: 'demo-1',
    alg: 'EdDSA' as const,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}
