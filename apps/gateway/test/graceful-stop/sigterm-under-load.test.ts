import { request } from 'node:http';
import { keepAliveLoad, non2xxCount } from '../../src/bench/keepalive-load';
import { freePort, removeDir, tempDataDir } from '../admin/harness';
import { startBackend, type TestBackend } from '../support/backend';
import { configureProxy, startChild, type Child } from '../support/gateway-process';

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
    child = await startChild(dir, { GATEWAY_DRAIN_TIMEOUT_SEC: '20' });
    const port = await freePort();
    await configureProxy(child.adminUrl, port, backend.url);
    // 32 connections on a pipeline of parallelism 8: tasks are queued when SIGTERM lands.
    const load = keepAliveLoad(`http://127.0.0.1:${port}/api/work`, 32);
    // Under way on every connection (waits longer on a loaded machine).
    const started = Date.now();
    while (load.tally.ok < 100 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 50));
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
    child = await startChild(dir, { GATEWAY_DRAIN_TIMEOUT_SEC: '2' });
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
