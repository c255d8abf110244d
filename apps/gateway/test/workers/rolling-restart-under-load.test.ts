import { keepAliveLoad, non2xxCount } from '../../src/bench/keepalive-load';
import { api, freePort, removeDir, tempDataDir } from '../admin/harness';
import { startBackend, type TestBackend } from '../support/backend';
import { configureProxy, startChild, type Child } from '../support/gateway-process';

interface WorkerView {
  id: number;
  pid: number;
  state: string;
  applied_seq: number;
}

async function workers(adminUrl: string): Promise<WorkerView[]> {
  return (await api(adminUrl, 'GET', '/admin/v1/workers')).body.workers as WorkerView[];
}

async function until(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('GATEWAY_WORKERS=2 (a real primary and its workers)', () => {
  let dir: string;
  let backend: TestBackend;
  let child: Child | undefined;

  beforeAll(async () => {
    dir = await tempDataDir();
    backend = await startBackend((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }, 2);
    });
    child = await startChild(dir, { GATEWAY_WORKERS: '2', GATEWAY_DRAIN_TIMEOUT_SEC: '20' });
  }, 90_000);
  afterAll(async () => {
    child?.proc.kill('SIGKILL');
    await child?.exited;
    await backend.close();
    await removeDir(dir);
  });

  let port: number;

  it('workers follow the config the primary\'s admin plane changes, and serve it', async () => {
    port = await freePort();
    await configureProxy(child!.adminUrl, port, backend.url);
    await until(async () => (await workers(child!.adminUrl)).every((w) => w.applied_seq === 5), 20_000, 'both workers to apply 5 operations');
    const res = await fetch(`http://127.0.0.1:${port}/api/x`);
    expect(res.status).toBe(200);
    expect(await workers(child!.adminUrl)).toHaveLength(2);
  }, 60_000);

  it('a rolling restart under keep-alive load drops no request and replaces every worker', async () => {
    const before = (await workers(child!.adminUrl)).map((w) => w.pid);
    const load = keepAliveLoad(`http://127.0.0.1:${port}/api/work`, 16);
    await new Promise((r) => setTimeout(r, 1000));
    const restart = await api(child!.adminUrl, 'POST', '/admin/v1/workers/restart', {});
    await new Promise((r) => setTimeout(r, 500));
    const tally = await load.stop();
    expect(restart.status).toBe(200);
    const after = (restart.body.workers as WorkerView[]).map((w) => w.pid);
    expect(after).toHaveLength(2);
    for (const pid of after) expect(before).not.toContain(pid);
    expect(tally.ok).toBeGreaterThan(100);
    expect(non2xxCount(tally)).toBe(0);
    expect(tally.dropped).toBe(0);
    expect(tally.refused).toBe(0);
  }, 90_000);

  it('a worker killed with SIGKILL is replaced, and the new one gets the config', async () => {
    const [victim] = await workers(child!.adminUrl);
    process.kill(victim!.pid, 'SIGKILL');
    await until(async () => {
      const ws = await workers(child!.adminUrl);
      return ws.length === 2 && ws.every((w) => w.pid !== victim!.pid && w.state === 'ready' && w.applied_seq === 5);
    }, 30_000, 'a replacement worker');
    expect((await fetch(`http://127.0.0.1:${port}/api/y`)).status).toBe(200);
  }, 60_000);

  it('SIGTERM under load: 0 non-2xx, 0 dropped, exit 0', async () => {
    const load = keepAliveLoad(`http://127.0.0.1:${port}/api/work`, 16);
    await new Promise((r) => setTimeout(r, 1000));
    child!.proc.kill('SIGTERM');
    const code = await child!.exited;
    const tally = await load.stop();
    expect(code).toBe(0);
    expect(non2xxCount(tally)).toBe(0);
    expect(tally.dropped).toBe(0);
  }, 60_000);
});
