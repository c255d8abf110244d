import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { keepAliveLoad, non2xxCount } from '../../src/bench/keepalive-load';
import { api, freePort, proxySpecs, removeDir, tempDataDir } from '../admin/harness';
import { startBackend, type TestBackend } from '../support/backend';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

interface Child {
  proc: ChildProcess;
  adminUrl: string;
  exited: Promise<number | null>;
  output: () => string;
}

async function startChild(dir: string, drainSec: number): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, [MAIN], {
    env: { ...process.env, GATEWAY_DATA_DIR: dir, GATEWAY_ADMIN_PORT: String(port), GATEWAY_LOG_LEVEL: 'info', GATEWAY_DRAIN_TIMEOUT_SEC: String(drainSec), GATEWAY_ADMIN_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const adminUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
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

async function configureProxy(adminUrl: string, gatewayPort: number, backendUrl: string): Promise<void> {
  const specs = proxySpecs(gatewayPort, backendUrl);
  for (const p of specs.plugins) expect((await api(adminUrl, 'POST', '/admin/v1/plugins', p)).status).toBe(201);
  expect((await api(adminUrl, 'POST', '/admin/v1/pipelines', specs.pipeline)).status).toBe(201);
}

function getOnce(url: string): Promise<{ status?: number; error?: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, ms: Date.now() - t0 }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message, ms: Date.now() - t0 }));
    req.end();
  });
}

describe('SIGTERM drains the data plane (a real gateway process)', () => {
  let dir: string;
  let backend: TestBackend;
  let child: Child | undefined;
  let heldResponses: (() => void)[] = [];

  beforeEach(async () => {
    dir = await tempDataDir();
    heldResponses = [];
    backend = await startBackend((req, res) => {
      const finish = (): void => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      };
      if (req.url === '/api/hang') heldResponses.push(finish);
      else setTimeout(finish, 5);
    });
  });
  afterEach(async () => {
    child?.proc.kill('SIGKILL');
    await child?.exited;
    child = undefined;
    for (const f of heldResponses) f();
    await backend.close();
    await removeDir(dir);
  });

  it('under keep-alive load: 0 non-2xx, 0 dropped requests, exit 0', async () => {
    child = await startChild(dir, 20);
    const port = await freePort();
    await configureProxy(child.adminUrl, port, backend.url);
    // 32 connections on a pipeline of parallelism 8: tasks are queued when SIGTERM lands.
    const load = keepAliveLoad(`http://127.0.0.1:${port}/api/work`, 32);
    await new Promise((r) => setTimeout(r, 1500));
    const before = load.tally.ok;
    child.proc.kill('SIGTERM');
    const code = await child.exited;
    const tally = await load.stop();
    expect(code).toBe(0);
    expect(before).toBeGreaterThan(50);
    expect(non2xxCount(tally)).toBe(0);
    expect(tally.dropped).toBe(0);
    expect(child.output()).toContain('data plane drained');
  }, 60_000);

  it('readiness answers 503 while draining; a request that outlives GATEWAY_DRAIN_TIMEOUT_SEC is cut at the timeout; exit 0', async () => {
    child = await startChild(dir, 2);
    const port = await freePort();
    await configureProxy(child.adminUrl, port, backend.url);
    const hung = getOnce(`http://127.0.0.1:${port}/api/hang`);
    while (heldResponses.length === 0) await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    child.proc.kill('SIGTERM');
    // The admin plane still answers while the data plane drains: not ready any more.
    let readyStatus = 0;
    while (readyStatus !== 503 && Date.now() - t0 < 1500) {
      readyStatus = (await fetch(`${child.adminUrl}/health/v1/ready`)).status;
    }
    expect(readyStatus).toBe(503);
    const code = await child.exited;
    const stoppedMs = Date.now() - t0;
    const answer = await hung;
    expect(code).toBe(0);
    expect(answer.status).toBeUndefined();
    expect(answer.error).toBeDefined();
    // Cut at the 2-s timeout: not before, and far from a hang (generous for a loaded machine).
    expect(stoppedMs).toBeGreaterThanOrEqual(1900);
    expect(stoppedMs).toBeLessThan(9000);
  }, 60_000);
});
