import type { RunningGateway } from '../../src/bootstrap';
import { startDemoBackend, type DemoBackend } from '../../src/demo/demo-backend';
import {
  api,
  diskState,
  freePort,
  proxySpecs,
  removeDir,
  startGateway,
  tempDataDir,
} from './harness';

describe('admin API: pipeline CRUD, filters and answer shapes', () => {
  let dir: string;
  let gw: RunningGateway;
  let backend: DemoBackend;
  let port: number;
  beforeAll(async () => {
    dir = await tempDataDir();
    backend = await startDemoBackend({ port: 0 });
    gw = await startGateway({ dataDir: dir });
    port = await freePort();
    for (const p of proxySpecs(port, backend.url).plugins) {
      expect((await api(gw.adminUrl, 'POST', '/admin/v1/plugins', p)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await gw.close();
    await backend.close();
    await removeDir(dir);
  });

  it('serves the pipeline types', async () => {
    const res = await api(gw.adminUrl, 'GET', '/admin/v1/pipeline-types');
    expect(res.status).toBe(200);
    expect(res.body.pipeline_types).toHaveLength(1);
    expect(res.body.pipeline_types[0]).toMatchObject({
      type: 'LinearPipeline',
      schema: { required: ['pipeline_name', 'plugin_names'] },
    });
  });

  it('creates a pipeline that proxies at once, lists it, updates it and deletes it', async () => {
    const { pipeline } = proxySpecs(port, backend.url);
    const created = await api(gw.adminUrl, 'POST', '/admin/v1/pipelines', pipeline);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      type: 'LinearPipeline',
      config: { ...pipeline.config, max_wait_queue_length: 10240, cross_pipeline_request_backlog: 10240 },
    });
    expect(JSON.parse((await diskState(dir)).pipelines!).pipelines).toEqual([created.body]);

    const proxied = await fetch(`http://127.0.0.1:${port}/api/hello?x=1`);
    expect(proxied.status).toBe(200);
    expect(await proxied.json()).toMatchObject({ method: 'GET', path: '/api/hello', query: 'x=1' });

    const list = await api(
      gw.adminUrl,
      'GET',
      '/admin/v1/pipelines?name_pattern=^p-&types=LinearPipeline',
    );
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ pipelines: [created.body] });
    expect((await api(gw.adminUrl, 'GET', '/admin/v1/pipelines?name_pattern=^zzz')).body).toEqual({
      pipelines: [],
    });
    expect((await api(gw.adminUrl, 'GET', '/admin/v1/pipelines/p-pipe')).body).toEqual(
      created.body,
    );

    const updated = await api(gw.adminUrl, 'PUT', '/admin/v1/pipelines', {
      type: 'LinearPipeline',
      config: { ...pipeline.config, parallelism: 2 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.config.parallelism).toBe(2);
    expect(gw.gateway.getPipeline('p-pipe').config['parallelism']).toBe(2);
    expect((await fetch(`http://127.0.0.1:${port}/api/again`)).status).toBe(200);

    const deleted = await api(gw.adminUrl, 'DELETE', '/admin/v1/pipelines/p-pipe');
    expect(deleted.status).toBe(204);
    expect(gw.gateway.listPipelines()).toEqual([]);
    expect(JSON.parse((await diskState(dir)).pipelines!).pipelines).toEqual([]);
    // With its plugins no longer used, they may go too.
    expect((await api(gw.adminUrl, 'DELETE', '/admin/v1/plugins/p-out')).status).toBe(204);
  });
});
