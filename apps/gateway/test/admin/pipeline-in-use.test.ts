import type { RunningGateway } from '../../src/bootstrap';
import { api, diskState, removeDir, startGateway, tempDataDir } from './harness';

describe('admin API: a pipeline that an UpstreamOutput names cannot be deleted', () => {
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
    const post = async (path: string, body: unknown): Promise<void> => {
      expect((await api(gw.adminUrl, 'POST', path, body)).status).toBe(201);
    };
    // The UpstreamOutput may name its targets before they exist.
    await post('/admin/v1/plugins', { type: 'UpstreamOutput', config: { plugin_name: 'spread', target_pipelines: ['node-a', 'node-b'] } });
    await post('/admin/v1/plugins', { type: 'DownstreamInput', config: { plugin_name: 'from-api' } });
    await post('/admin/v1/plugins', { type: 'HTTPOutput', config: { plugin_name: 'to-a', url_pattern: 'http://127.0.0.1:9/', method: 'GET' } });
    await post('/admin/v1/pipelines', { type: 'LinearPipeline', config: { pipeline_name: 'node-a', plugin_names: ['from-api', 'to-a'] } });
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('DELETE answers 409 GW_PIPELINE_IN_USE naming the plugin, and nothing changes on disk', async () => {
    const before = await diskState(dir);
    const res = await api(gw.adminUrl, 'DELETE', '/admin/v1/pipelines/node-a');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'GW_PIPELINE_IN_USE', field: 'name' });
    expect(res.body.message).toContain('spread');
    expect(await diskState(dir)).toEqual(before);
    expect((await api(gw.adminUrl, 'GET', '/admin/v1/pipelines/node-a')).status).toBe(200);
  });

  it('once the plugin no longer names it, the pipeline can be deleted', async () => {
    const put = await api(gw.adminUrl, 'PUT', '/admin/v1/plugins', { type: 'UpstreamOutput', config: { plugin_name: 'spread', target_pipelines: ['node-b'] } });
    expect(put.status).toBe(200);
    expect((await api(gw.adminUrl, 'DELETE', '/admin/v1/pipelines/node-a')).status).toBe(204);
  });
});
