import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningGateway } from '../../src/bootstrap';
import { freePort, removeDir, startGateway, tempDataDir } from '../admin/harness';
import { runCli, spawnCli } from './run-cli';

describe('gatehouse errors: one clear line on stderr and a distinct exit code', () => {
  let dir: string;
  let gw: RunningGateway;
  let server: string[];
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir, apiKey: 'right-key-0123456789' });
    server = ['--server', gw.adminUrl, '--api-key', 'right-key-0123456789'];
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('exits 1 with the server code, message and field when the server refuses', async () => {
    const r = await runCli([...server, 'admin', 'plugin', 'add', '-f', '-'], {
      stdin: '{"type": "HTTPServer", "config": {"plugin_name": "s", "port": "80"}}',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^gatehouse: GW_VALIDATION: config\.port .* \(field config\.port\)\n$/,
    );
  });

  it('exits 1 on a wrong API key and on a missing plugin', async () => {
    const bad = await runCli([
      '--server',
      gw.adminUrl,
      '--api-key',
      'wrong',
      'admin',
      'plugin',
      'ls',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('GW_UNAUTHORIZED');
    const missing = await runCli([...server, 'admin', 'plugin', 'rm', 'ghost']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('GW_NOT_FOUND: plugin ghost not found');
  });

  it('exits 2 on a spec file that is not valid JSON or YAML, naming file:line:column', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'type: HTTPServer\nconfig:\n  plugin_name: [unclosed\n');
    const r = await runCli([...server, 'admin', 'plugin', 'add', '-f', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^gatehouse: ${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
    expect(gw.gateway.listPlugins()).toEqual([]);
  });

  it('exits 2 on a missing file, a spec that is not an object, and bad usage', async () => {
    const missing = await runCli([
      ...server,
      'admin',
      'plugin',
      'add',
      '-f',
      join(dir, 'nope.json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const scalar = await runCli([...server, 'admin', 'plugin', 'add', '-f', '-'], { stdin: '42' });
    expect(scalar.code).toBe(2);
    expect(scalar.stderr).toContain('is not an object');
    const unknown = await spawnCli([...server, 'admin', 'plugin', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect((await runCli([...server, 'admin', 'plugin', 'add'])).code).toBe(2);
    expect((await runCli(['--server', 'not a url', 'health', 'check'])).code).toBe(2);
  });

  it('exits 3 when the server cannot be reached', async () => {
    const port = await freePort();
    const r = await spawnCli(['--server', `http://127.0.0.1:${port}`, 'health', 'check']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot reach');
    expect(r.stderr).toContain('ECONNREFUSED');
  });
});
