// When the demo's auth service cannot start, the demo says why in auth's own words, and leaves
// nothing running: a taken port is named before anything starts; an auth crash is quoted.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { runDemo } from '../../src/demo/run-demo';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

describe('the demo explains an auth service that cannot start', () => {
  it('names a taken auth port and the variable that moves it', async () => {
    const dir = await tempDataDir();
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
    const port = (squatter.address() as { port: number }).port;
    try {
      await expect(
        runDemo({ backendPort: 0, gatewayPort: await freePort(), authPort: port, adminPort: 0, dataDir: dir, logger: pino({ level: 'silent' }) }),
      ).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port} is not free .*DEMO_AUTH_PORT`));
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
      await removeDir(dir);
    }
  });

  it("quotes the auth service's own fatal error when it exits", async () => {
    const dir = await tempDataDir();
    await mkdir(join(dir, 'auth.sqlite')); // a directory where the database file should be
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(
        runDemo({ backendPort: 0, gatewayPort: await freePort(), authPort: await freePort(), adminPort: 0, dataDir: dir, logger: pino({ level: 'silent' }) }),
      ).rejects.toThrow(/the auth service exited with code 1: auth service failed to start: AUTH_DATABASE_UNAVAILABLE/);
    } finally {
      stderr.mockRestore();
      await removeDir(dir);
    }
  }, 30_000);
});
