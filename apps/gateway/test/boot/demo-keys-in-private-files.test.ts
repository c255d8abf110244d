// The demo keeps its token key in PEM files of mode 0600 under <dataDir>/keys (0700), and
// plugins.json only names them; its data directory defaults to the user's own state directory.
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { defaultDemoDataDir, runDemo } from '../../src/demo/run-demo';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

describe('the demo keeps its secrets private', () => {
  it('writes the token key to 0600 files in its data directory and no key material to plugins.json', async () => {
    const dir = await tempDataDir();
    const demo = await runDemo({
      backendPort: 0,
      gatewayPort: await freePort(),
      authPort: await freePort(),
      adminPort: 0,
      dataDir: dir,
      logger: pino({ level: 'silent' }),
    });
    try {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
      for (const file of ['demo-token-ed25519.key.pem', 'demo-token-ed25519.pub.pem']) {
        expect((await stat(join(dir, 'keys', file))).mode & 0o777).toBe(0o600);
      }
      const plugins = await readFile(join(dir, 'plugins.json'), 'utf8');
      expect(plugins).not.toMatch(/BEGIN|PRIVATE KEY|private_key"/);
      expect(plugins).toContain(join(dir, 'keys', 'demo-token-ed25519.key.pem'));
      expect(plugins).toContain(join(dir, 'keys', 'demo-token-ed25519.pub.pem'));
      const login = await fetch(`${demo.gatewayUrl}/login`, {
        method: 'POST',
        body: JSON.stringify({ username: 'demo', password: 'gatehouse-demo' }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('x-ddgw-token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    } finally {
      await demo.close();
      await removeDir(dir);
    }
  }, 60_000);

  it('lives under $XDG_STATE_HOME, else ~/.local/state, never a shared /tmp path', () => {
    expect(defaultDemoDataDir({ XDG_STATE_HOME: '/home/ann/.state' })).toBe('/home/ann/.state/gatehouse/demo');
    expect(defaultDemoDataDir({})).toBe(join(homedir(), '.local', 'state', 'gatehouse', 'demo'));
  });
});
