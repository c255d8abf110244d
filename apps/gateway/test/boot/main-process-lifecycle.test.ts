import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

async function waitForHealth(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${url}/health/v1/check`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('`node dist/main.js`', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'reads GATEWAY_* variables, serves, and on %s stops gracefully with exit code 0',
    async (signal) => {
      const dir = await tempDataDir();
      const port = await freePort();
      const child = spawn(process.execPath, [MAIN], {
        env: {
          ...process.env,
          GATEWAY_DATA_DIR: dir,
          GATEWAY_ADMIN_PORT: String(port),
          GATEWAY_ADMIN_API_KEY: 'main-key-0123456789abcdef',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      try {
        await waitForHealth(`http://127.0.0.1:${port}`, Date.now() + 15_000);
        const refused = await fetch(`http://127.0.0.1:${port}/admin/v1/plugins`);
        expect(refused.status).toBe(401);
        const allowed = await fetch(`http://127.0.0.1:${port}/admin/v1/plugins`, {
          headers: { 'x-api-key': 'main-key-0123456789abcdef' },
        });
        expect(allowed.status).toBe(200);
        child.kill(signal);
        expect(await exited).toBe(0);
        expect(stdout).toContain('gateway stopped');
      } finally {
        child.kill('SIGKILL');
        await removeDir(dir);
      }
    },
  );

  it('on a SIGTERM while still starting (its admin plane up, its workers booting), starts, drains and exits 0', async () => {
    const dir = await tempDataDir();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, GATEWAY_DATA_DIR: dir, GATEWAY_ADMIN_PORT: '0', GATEWAY_WORKERS: '2', GATEWAY_LOG_LEVEL: 'info', GATEWAY_ADMIN_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    try {
      // The admin plane listens before the workers are forked, and they take a while to serve.
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString('utf8');
          if (stdout.includes('gateway admin plane listening')) resolve();
        }),
      );
      child.kill('SIGTERM');
      expect(await exited).toEqual([0, null]);
      expect(stdout).toContain('data-plane workers serving');
      expect(stdout).toContain('gateway stopped');
    } finally {
      child.kill('SIGKILL');
      await removeDir(dir);
    }
  }, 60_000);

  it('exits 1 with a clear message on a bad GATEWAY_ADMIN_PORT', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, GATEWAY_ADMIN_PORT: 'ninety' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('GATEWAY_ADMIN_PORT must be a port number');
  });
});
