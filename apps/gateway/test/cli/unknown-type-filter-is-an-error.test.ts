// `admin plugin ls --types X` with a type the gateway does not have is a usage error naming the
// known types (exit 2), not an empty list; known types still filter.
import type { RunningGateway } from '../../src/bootstrap';
import { removeDir, startGateway, tempDataDir } from '../admin/harness';
import { runCli } from './run-cli';

describe('gatehouse admin <kind> ls --types', () => {
  let dir: string;
  let gw: RunningGateway;
  let server: string[];
  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir, apiKey: 'unknown-types-test-key' });
    server = ['--server', gw.adminUrl, '--api-key', 'unknown-types-test-key'];
  });
  afterAll(async () => {
    await gw.close();
    await removeDir(dir);
  });

  it('refuses an unknown or misspelt plugin type with exit 2 and the list of known ones', async () => {
    const r = await runCli([...server, 'admin', 'plugin', 'ls', '--types', 'HTTPServer,HttpOutput']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gatehouse: --types: unknown plugin type HttpOutput \(known: .*HTTPOutput.*\)/);
  });

  it('refuses an unknown pipeline type too, and an empty list', async () => {
    const r = await runCli([...server, 'admin', 'pipeline', 'ls', '--types', 'Linear']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown pipeline type Linear (known: LinearPipeline');
    expect((await runCli([...server, 'admin', 'plugin', 'ls', '--types', ' , '])).code).toBe(2);
  });

  it('still filters by known types', async () => {
    const r = await runCli([...server, 'admin', 'pipeline', 'ls', '--types', 'LinearPipeline']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ pipelines: [] });
  });
});
