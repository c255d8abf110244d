import { startDemoBackend, type DemoBackend } from '../../src/demo/demo-backend';
import {
  api,
  diskState,
  freePort,
  proxySpecs,
  removeDir,
  startGateway,
  tempDataDir,
} from '../admin/harness';

describe('config survives a restart on the same data directory', () => {
  let dir: string;
  let backend: DemoBackend;
  beforeAll(async () => {
    dir = await tempDataDir();
    backend = await startDemoBackend({ port: 0 });
  });
  afterAll(async () => {
    await backend.close();
    await removeDir(dir);
  });

  it('reloads the plugins and pipelines created through the API, and proxies again', async () => {
    const port = await freePort();
    const specs = proxySpecs(port, backend.url, 'r');
    const first = await startGateway({ dataDir: dir });
    try {
      for (const p of specs.plugins)
        expect((await api(first.adminUrl, 'POST', '/admin/v1/plugins', p)).status).toBe(201);
      expect(
        (await api(first.adminUrl, 'POST', '/admin/v1/pipelines', specs.pipeline)).status,
      ).toBe(201);
      expect((await fetch(`http://127.0.0.1:${port}/api/before`)).status).toBe(200);
    } finally {
      await first.close();
    }
    const pluginsBefore = first.gateway.listPlugins();
    const pipelinesBefore = first.gateway.listPipelines();
    const disk = await diskState(dir);

    const second = await startGateway({ dataDir: dir });
    try {
      expect(second.gateway.listPlugins()).toEqual(pluginsBefore);
      expect(second.gateway.listPipelines()).toEqual(pipelinesBefore);
      expect((await api(second.adminUrl, 'GET', '/admin/v1/pipelines/r-pipe')).body).toEqual(
        pipelinesBefore[0],
      );
      // Loading at boot does not rewrite the files.
      expect(await diskState(dir)).toEqual(disk);
      const res = await fetch(`http://127.0.0.1:${port}/api/after?n=2`, {
        method: 'POST',
        body: 'hi',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        method: 'POST',
        path: '/api/after',
        query: 'n=2',
        body: 'hi',
      });
    } finally {
      await second.close();
    }
  });
});
