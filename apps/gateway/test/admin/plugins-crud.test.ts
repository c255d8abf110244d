import type { RunningGateway } from '../../src/bootstrap';
import { builtinPlugins } from '../../src/plugins';
import { api, diskState, removeDir, startGateway, tempDataDir } from './harness';
import { LIMITER_POLICY_DEFAULTS } from '../support/limiter';

describe('admin API: plugin CRUD, filters and answer shapes', () => {
  let dir: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('serves the plugin types with their JSON Schemas', async () => {
    const res = await api(gw.adminUrl, 'GET', '/admin/v1/plugin-types');
    expect(res.status).toBe(200);
    const types = res.body.plugin_types.map((t: { type: string }) => t.type).sort();
    expect(types).toEqual(builtinPlugins.map((d) => d.kind).sort());
    expect(types).toEqual(
      expect.arrayContaining([
        'HTTPInput',
        'HTTPOutput',
        'HTTPRedirect',
        'HTTPServer',
        'ThroughputRateLimiter',
      ]),
    );
    const server = res.body.plugin_types.find((t: { type: string }) => t.type === 'HTTPServer');
    expect(server.schema.properties.port.default).toBe(10080);
    expect(typeof server.description).toBe('string');
  });

  it('creates (201, defaults filled), gets, updates (200) and deletes (204) a plugin, persisting each step', async () => {
    const created = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', {
      type: 'ThroughputRateLimiter',
      config: { plugin_name: 'lim-a', tps: '11' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      type: 'ThroughputRateLimiter',
      config: { plugin_name: 'lim-a', tps: '11', timeout_msec: 200, flow_control_percentage_key: '', ...LIMITER_POLICY_DEFAULTS },
    });
    expect(JSON.parse((await diskState(dir)).plugins!).plugins).toEqual([created.body]);

    const got = await api(gw.adminUrl, 'GET', '/admin/v1/plugins/lim-a');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const updated = await api(gw.adminUrl, 'PUT', '/admin/v1/plugins', {
      type: 'ThroughputRateLimiter',
      config: { plugin_name: 'lim-a', tps: '5', timeout_msec: 0 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.config).toEqual({ plugin_name: 'lim-a', tps: '5', timeout_msec: 0, flow_control_percentage_key: '', ...LIMITER_POLICY_DEFAULTS });
    expect(gw.gateway.getPlugin('lim-a').config['tps']).toBe('5');
    expect(JSON.parse((await diskState(dir)).plugins!).plugins[0].config.tps).toBe('5');

    const deleted = await api(gw.adminUrl, 'DELETE', '/admin/v1/plugins/lim-a');
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    const gone = await api(gw.adminUrl, 'GET', '/admin/v1/plugins/lim-a');
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('GW_NOT_FOUND');
    expect(JSON.parse((await diskState(dir)).plugins!).plugins).toEqual([]);
  });

  it('lists {plugins:[{type,config}]} filtered by name_pattern and by types, comma-separated or repeated', async () => {
    const specs = [
      { type: 'ThroughputRateLimiter', config: { plugin_name: 'f-lim-1', tps: '1' } },
      { type: 'ThroughputRateLimiter', config: { plugin_name: 'f-lim-2', tps: '2' } },
      {
        type: 'HTTPRedirect',
        config: { plugin_name: 'f-redir', match: '^/old/(.*)$', replacement: '/new/$1' },
      },
      { type: 'HTTPServer', config: { plugin_name: 'g-server', port: 0 } },
    ];
    for (const s of specs)
      expect((await api(gw.adminUrl, 'POST', '/admin/v1/plugins', s)).status).toBe(201);
    const names = (body: {
      plugins: { type: string; config: { plugin_name: string } }[];
    }): string[] => body.plugins.map((p) => p.config.plugin_name).sort();

    const all = await api(gw.adminUrl, 'GET', '/admin/v1/plugins');
    expect(all.status).toBe(200);
    expect(Object.keys(all.body)).toEqual(['plugins']);
    expect(names(all.body)).toEqual(['f-lim-1', 'f-lim-2', 'f-redir', 'g-server']);
    for (const p of all.body.plugins) expect(Object.keys(p).sort()).toEqual(['config', 'type']);

    expect(
      names((await api(gw.adminUrl, 'GET', '/admin/v1/plugins?name_pattern=^f-')).body),
    ).toEqual(['f-lim-1', 'f-lim-2', 'f-redir']);
    expect(
      names(
        (await api(gw.adminUrl, 'GET', '/admin/v1/plugins?types=HTTPRedirect,HTTPServer')).body,
      ),
    ).toEqual(['f-redir', 'g-server']);
    expect(
      names(
        (await api(gw.adminUrl, 'GET', '/admin/v1/plugins?types=HTTPRedirect&types=HTTPServer'))
          .body,
      ),
    ).toEqual(['f-redir', 'g-server']);
    expect(
      names(
        (
          await api(
            gw.adminUrl,
            'GET',
            `/admin/v1/plugins?types=ThroughputRateLimiter&name_pattern=${encodeURIComponent('2$')}`,
          )
        ).body,
      ),
    ).toEqual(['f-lim-2']);
    expect((await api(gw.adminUrl, 'GET', '/admin/v1/plugins?types=NoSuchType')).body).toEqual({
      plugins: [],
    });
  });

  it('refuses a name_pattern that is not a regular expression with 400 naming the field', async () => {
    const res = await api(
      gw.adminUrl,
      'GET',
      `/admin/v1/plugins?name_pattern=${encodeURIComponent('(')}`,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'GW_BAD_REQUEST', field: 'name_pattern' });
  });
});
