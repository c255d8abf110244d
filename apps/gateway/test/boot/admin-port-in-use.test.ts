import { createServer, type Server } from 'node:net';
import { api, freePort, proxySpecs, removeDir, startGateway, tempDataDir } from '../admin/harness';
import { startDemoBackend } from '../../src/demo/demo-backend';

function occupy(): Promise<Server> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

describe('an admin port already in use', () => {
  it('rejects bootstrap with GW_LISTEN_FAILED and stops the engine it had started (its data-plane port is free again)', async () => {
    const dir = await tempDataDir();
    const backend = await startDemoBackend({ port: 0 });
    const blocker = await occupy();
    const dataPort = await freePort();
    try {
      // Store a config whose pipeline listens on dataPort.
      const first = await startGateway({ dataDir: dir });
      const specs = proxySpecs(dataPort, backend.url);
      for (const p of specs.plugins) await api(first.adminUrl, 'POST', '/admin/v1/plugins', p);
      expect(
        (await api(first.adminUrl, 'POST', '/admin/v1/pipelines', specs.pipeline)).status,
      ).toBe(201);
      await first.close();

      const busyPort = (blocker.address() as { port: number }).port;
      await expect(startGateway({ dataDir: dir, adminPort: busyPort })).rejects.toMatchObject({
        code: 'GW_LISTEN_FAILED',
        message: expect.stringContaining(`127.0.0.1:${busyPort}`),
      });
      await expect(fetch(`http://127.0.0.1:${dataPort}/api/x`)).rejects.toThrow();

      // The same data directory boots fine once a free admin port is given.
      const again = await startGateway({ dataDir: dir });
      try {
        expect(again.gateway.listPipelines()).toHaveLength(1);
      } finally {
        await again.close();
      }
    } finally {
      blocker.close();
      await backend.close();
      await removeDir(dir);
    }
  });
});
