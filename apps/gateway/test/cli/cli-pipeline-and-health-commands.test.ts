import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningGateway } from '../../src/bootstrap';
import { startDemoBackend, type DemoBackend } from '../../src/demo/demo-backend';
import { freePort, proxySpecs, removeDir, startGateway, tempDataDir } from '../admin/harness';
import { runCli, spawnCli } from './run-cli';

describe('gatehouse admin pipeline … and health …', () => {
  let dir: string;
  let gw: RunningGateway;
  let backend: DemoBackend;
  let port: number;
  const KEY = 'cli-key-0123456789abcdef';
  beforeAll(async () => {
    dir = await tempDataDir();
    backend = await startDemoBackend({ port: 0 });
    gw = await startGateway({ dataDir: dir, apiKey: KEY });
    port = await freePort();
  });
  afterAll(async () => {
    await gw.close();
    await backend.close();
    await removeDir(dir);
  });

  it('builds a working proxy from one JSON array file of plugins and one pipeline file, taking the server and key from flags or the environment', async () => {
    const specs = proxySpecs(port, backend.url, 'cp');
    const env = { GATEHOUSE_SERVER: gw.adminUrl, GATEHOUSE_API_KEY: KEY };
    const flags = ['--server', gw.adminUrl, '--api-key', KEY];
    await writeFile(join(dir, 'plugins.in.json'), JSON.stringify(specs.plugins));
    await writeFile(join(dir, 'pipeline.in.json'), JSON.stringify(specs.pipeline));
    // The built binary, configured through GATEHOUSE_SERVER and GATEHOUSE_API_KEY.
    const viaEnv = await spawnCli(['admin', 'plugin', 'add', '-f', join(dir, 'plugins.in.json')], {
      env,
    });
    expect(viaEnv.stderr).toBe('');
    expect(viaEnv.code).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toHaveLength(4);
    const added = await runCli([
      ...flags,
      'admin',
      'pipeline',
      'add',
      '-f',
      join(dir, 'pipeline.in.json'),
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).config.pipeline_name).toBe('cp-pipe');
    expect((await fetch(`http://127.0.0.1:${port}/api/cli`)).status).toBe(200);

    const updated = await runCli([...flags, 'admin', 'pipeline', 'update', '-f', '-'], {
      stdin: JSON.stringify({
        ...specs.pipeline,
        config: { ...specs.pipeline.config, parallelism: 3 },
      }),
    });
    expect(updated.code).toBe(0);
    expect(gw.gateway.getPipeline('cp-pipe').config['parallelism']).toBe(3);

    const ls = await runCli([
      ...flags,
      'admin',
      'pipeline',
      'ls',
      '--types',
      'LinearPipeline',
      '--name-pattern',
      '^cp-',
    ]);
    expect(
      JSON.parse(ls.stdout).pipelines.map(
        (p: { config: { pipeline_name: string } }) => p.config.pipeline_name,
      ),
    ).toEqual(['cp-pipe']);
    const types = await runCli([...flags, 'admin', 'pipeline', 'types']);
    expect(JSON.parse(types.stdout).pipeline_types[0].type).toBe('LinearPipeline');

    const rm = await runCli([
      '--api-key',
      KEY,
      '--server',
      gw.adminUrl,
      'admin',
      'pipeline',
      'rm',
      'cp-pipe',
    ]);
    expect(rm.code).toBe(0);
    expect(gw.gateway.listPipelines()).toEqual([]);
  });

  it('health check and info need no key', async () => {
    const check = await runCli(['--server', gw.adminUrl, 'health', 'check']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({ status: 'ok' });
    const info = await runCli(['--server', gw.adminUrl, 'health', 'info']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).build.name).toBe('@gatehouse/gateway');
  });
});
