import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningGateway } from '../../src/bootstrap';
import { removeDir, startGateway, tempDataDir } from '../admin/harness';
import { runCli } from './run-cli';
import { LIMITER_POLICY_DEFAULTS } from '../support/limiter';

describe('gatehouse admin plugin add|update|rm|ls|types', () => {
  let dir: string;
  let gw: RunningGateway;
  let server: string[];
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
    server = ['--server', gw.adminUrl];
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('adds a plugin from a JSON file and prints the stored spec', async () => {
    const file = join(dir, 'lim.json');
    await writeFile(
      file,
      JSON.stringify({
        type: 'ThroughputRateLimiter',
        config: { plugin_name: 'c-lim', tps: '11' },
      }),
    );
    const r = await runCli([...server, 'admin', 'plugin', 'add', '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      type: 'ThroughputRateLimiter',
      config: { plugin_name: 'c-lim', tps: '11', timeout_msec: 200, flow_control_percentage_key: '', ...LIMITER_POLICY_DEFAULTS },
    });
    expect(gw.gateway.getPlugin('c-lim').config['tps']).toBe('11');
  });

  it('adds several plugins from a multi-document YAML file', async () => {
    const file = join(dir, 'more.yaml');
    await writeFile(
      file,
      [
        'type: HTTPRedirect',
        'config:',
        '  plugin_name: c-redir',
        "  match: '^/v1/(.*)$'",
        "  replacement: '/api/$1'",
        '---',
        'type: HTTPServer',
        'config: { plugin_name: c-server, port: 0 }',
        '',
      ].join('\n'),
    );
    const r = await runCli([...server, 'admin', 'plugin', 'add', '-f', file]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { config: { plugin_name: string } }[];
    expect(out.map((s) => s.config.plugin_name)).toEqual(['c-redir', 'c-server']);
    expect(gw.gateway.getPlugin('c-redir').config['status_code']).toBe(301);
  });

  it('updates a plugin from YAML on stdin', async () => {
    const r = await runCli([...server, 'admin', 'plugin', 'update', '-f', '-'], {
      stdin:
        'type: ThroughputRateLimiter\nconfig:\n  plugin_name: c-lim\n  tps: "5"\n  timeout_msec: 0\n',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).config).toEqual({
      plugin_name: 'c-lim',
      tps: '5',
      timeout_msec: 0,
      flow_control_percentage_key: '',
      ...LIMITER_POLICY_DEFAULTS,
    });
    expect(gw.gateway.getPlugin('c-lim').config['tps']).toBe('5');
  });

  it('lists plugins, with --name-pattern and --types filters', async () => {
    const names = (out: string): string[] =>
      (JSON.parse(out) as { plugins: { config: { plugin_name: string } }[] }).plugins
        .map((p) => p.config.plugin_name)
        .sort();
    const all = await runCli([...server, 'admin', 'plugin', 'ls']);
    expect(all.code).toBe(0);
    expect(names(all.stdout)).toEqual(['c-lim', 'c-redir', 'c-server']);
    expect(
      names(
        (await runCli([...server, 'admin', 'plugin', 'ls', '--name-pattern', 'redir|server']))
          .stdout,
      ),
    ).toEqual(['c-redir', 'c-server']);
    expect(
      names(
        (
          await runCli([
            ...server,
            'admin',
            'plugin',
            'ls',
            '--types',
            'HTTPServer,ThroughputRateLimiter',
          ])
        ).stdout,
      ),
    ).toEqual(['c-lim', 'c-server']);
  });

  it('prints the plugin types', async () => {
    const r = await runCli([...server, 'admin', 'plugin', 'types']);
    expect(r.code).toBe(0);
    const types = (JSON.parse(r.stdout) as { plugin_types: { type: string }[] }).plugin_types.map(
      (t) => t.type,
    );
    expect(types).toContain('HTTPOutput');
  });

  it('removes plugins by name', async () => {
    const r = await runCli([...server, 'admin', 'plugin', 'rm', 'c-redir', 'c-server']);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ deleted: 'c-redir' }, { deleted: 'c-server' }]);
    expect(gw.gateway.listPlugins().map((p) => p.config.plugin_name)).toEqual(['c-lim']);
  });
});
