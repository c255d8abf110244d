// Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops the demo and its auth
// service cleanly: exit code 0, no error output, the ports free again.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

const DEMO = join(__dirname, '..', '..', 'dist', 'demo', 'run-demo.js');

function portFree(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => false,
    () => true,
  );
}

describe('Ctrl-C in the demo', () => {
  it('stops the gateway, the backend and the auth service with exit code 0 and no error noise', async () => {
    const dir = await tempDataDir();
    const ports = { gateway: await freePort(), admin: await freePort(), backend: await freePort(), auth: await freePort() };
    const child = spawn(process.execPath, [DEMO], {
      env: {
        ...process.env,
        GATEWAY_DATA_DIR: dir,
        GATEWAY_ADMIN_PORT: String(ports.admin),
        DEMO_GATEWAY_PORT: String(ports.gateway),
        DEMO_BACKEND_PORT: String(ports.backend),
        DEMO_AUTH_PORT: String(ports.auth),
      },
      detached: true, // its own process group, like a job in a terminal
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!stdout.includes('Ctrl-C stops it') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stdout).toContain('Ctrl-C stops it');
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(stdout).toContain('Stopping the demo');
      // Only the gateway's one warning about running without an admin key, as at every start.
      expect(stderr.split('\n').filter((l) => l !== '' && !l.includes('admin API key not set'))).toEqual([]);
      for (const port of Object.values(ports)) expect(await portFree(port)).toBe(true);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      await removeDir(dir);
    }
  }, 60_000);
});
