import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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

/** Log lines of the child kept to explain a failed start. */
const KEPT_LINES = 20;

/** Path of the auth service entry point beside this package in the monorepo. */
export function authEntryPoint(): string {
  return join(__dirname, '..', '..', '..', 'auth', 'dist', 'main.js');
}

/** Resolves when nothing listens on 127.0.0.1:`port`; rejects naming the port otherwise. */
export function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`127.0.0.1:${port} is not free (${err.code ?? err.message}): stop what uses it or set ${variable}`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** The reason a pino JSON line of the auth service gives (message and error), else the line. */
export function explainLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; code?: unknown; err?: { message?: unknown; code?: unknown } };
    const parts = [entry.msg, entry.code ?? entry.err?.code, entry.err?.message].filter((p) => typeof p === 'string' && p !== '');
    return parts.length > 0 ? parts.join(': ') : line;
  } catch {
    return line;
  }
}

/** Keeps the child's last log lines and echoes warnings and errors (it logs at "warn"). */
function watchOutput(child: ChildProcess): string[] {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      process.stderr.write(`auth: ${explainLogLine(line)}\n`);
    });
  }
  return lines;
}

async function waitForHealth(url: string, child: ChildProcess, lines: string[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw exitedError(child, lines);
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

function exitedError(child: ChildProcess, lines: string[]): Error {
  const said = lines.map(explainLogLine).filter((l) => l !== '');
  const why = said.length > 0 ? `: ${said[said.length - 1]}` : '';
  return new Error(`the auth service exited with code ${child.exitCode}${why}`);
}

/** Starts the auth service on `port` and makes sure the demo user exists. */
export async function startDemoAuth(dataDir: string, port: number): Promise<DemoAuth> {
  const entry = authEntryPoint();
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build apps/auth first (pnpm build)`);
  // A foreign server on the port would answer our health checks: refuse up front.
  if (port !== 0) await assertPortFree(port, 'DEMO_AUTH_PORT');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = watchOutput(child);
  const url = `http://127.0.0.1:${port}`;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitForHealth(url, child, lines, 20_000);
    const res = await request(`${url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
      body: JSON.stringify(DEMO_USER),
    });
    const body = await res.body.text();
    if (res.statusCode !== 201 && res.statusCode !== 409) {
      throw new Error(`creating the demo user answered ${res.statusCode}: ${body.slice(0, 300)}`);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { url, ...DEMO_USER, close };
}
