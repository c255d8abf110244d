import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeDir, startGateway, tempDataDir } from '../admin/harness';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

// The second comma on line 3 is at column 27.
const CORRUPT =
  '{\n  "plugins": [\n    {"type": "HTTPServer",, "config": {"plugin_name": "s"}}\n  ]\n}\n';

function runMain(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a corrupt config file at boot', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(() => removeDir(dir));

  it('makes bootstrap reject with GW_CONFIG_CORRUPT naming file:line:column — never an empty config', async () => {
    await writeFile(join(dir, 'plugins.json'), CORRUPT);
    await expect(startGateway({ dataDir: dir })).rejects.toMatchObject({
      code: 'GW_CONFIG_CORRUPT',
      message: expect.stringContaining(`${join(dir, 'plugins.json')}:3:27`),
    });
  });

  it('names the index and name of a stored entry that no longer validates', async () => {
    const plugins = {
      plugins: [
        { type: 'ThroughputRateLimiter', config: { plugin_name: 'ok', tps: '1' } },
        { type: 'ThroughputRateLimiter', config: { plugin_name: 'bad', tps: 'lots' } },
      ],
    };
    await writeFile(join(dir, 'plugins.json'), JSON.stringify(plugins));
    await expect(startGateway({ dataDir: dir })).rejects.toMatchObject({
      code: 'GW_CONFIG_CORRUPT',
      message: expect.stringMatching(/plugins\[1\] \(bad\).*config\.tps/),
    });
  });

  it('makes `node dist/main.js` exit 1 with the file and position on stderr', async () => {
    // "2" (missing the comma before it) is at column 18.
    await writeFile(join(dir, 'pipelines.json'), '{"pipelines": [1 2]}');
    const { code, stderr } = await runMain({
      GATEWAY_DATA_DIR: dir,
      GATEWAY_ADMIN_PORT: '0',
      GATEWAY_ADMIN_API_KEY: '',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('GW_CONFIG_CORRUPT');
    expect(stderr).toContain(`${join(dir, 'pipelines.json')}:1:18`);
  });
});
