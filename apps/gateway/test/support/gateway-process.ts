import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { api, freePort, proxySpecs } from '../admin/harness';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** A gateway running as its own process. */
export interface Child {
  proc: ChildProcess;
  adminUrl: string;
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts `node dist/main.js` on `dir` with `env` added; resolves once it is ready. */
export async function startChild(dir: string, env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, [MAIN], {
    env: { ...process.env, GATEWAY_DATA_DIR: dir, GATEWAY_ADMIN_PORT: String(port), GATEWAY_LOG_LEVEL: 'info', GATEWAY_ADMIN_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const adminUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${adminUrl}/health/v1/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`gateway did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, adminUrl, exited, output: () => out };
}

/** Creates the proxy of `proxySpecs` (server on `gatewayPort`, parallelism 8) through the admin API. */
export async function configureProxy(adminUrl: string, gatewayPort: number, backendUrl: string): Promise<void> {
  const specs = proxySpecs(gatewayPort, backendUrl);
  for (const p of specs.plugins) expect((await api(adminUrl, 'POST', '/admin/v1/plugins', p)).status).toBe(201);
  expect((await api(adminUrl, 'POST', '/admin/v1/pipelines', specs.pipeline)).status).toBe(201);
}

