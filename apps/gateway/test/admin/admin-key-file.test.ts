// GATEWAY_ADMIN_API_KEY_FILE: the first start makes a random key (file mode 0600) and logs it
// once; later starts read the same key; a bad key file stops the boot before anything listens.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bootstrap, optionsFromEnv } from '../../src/bootstrap';
import { api, memoryLogger, removeDir, tempDataDir } from './harness';

describe('admin API key kept in a file', () => {
  it('is generated at first boot (0600, logged once), required by the admin API, and reused', async () => {
    const dir = await tempDataDir();
    const file = join(dir, 'secrets', 'admin-api-key');
    const first = memoryLogger();
    const gw = await bootstrap({ dataDir: dir, adminPort: 0, apiKeyFile: file, logger: first.logger });
    let key: string;
    try {
      key = (await readFile(file, 'utf8')).trim();
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const told = first.lines().filter((l) => l['adminApiKey'] !== undefined);
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ adminApiKey: key, file });
      expect((await api(gw.adminUrl, 'GET', '/admin/v1/plugins')).status).toBe(401);
      expect((await api(gw.adminUrl, 'GET', '/admin/v1/plugins', undefined, { authorization: `Bearer ${key}` })).status).toBe(200);
    } finally {
      await gw.close();
    }
    const second = memoryLogger();
    const again = await bootstrap({ dataDir: dir, adminPort: 0, apiKeyFile: file, logger: second.logger });
    try {
      expect((await api(again.adminUrl, 'GET', '/admin/v1/plugins', undefined, { authorization: `Bearer ${key}` })).status).toBe(200);
      expect(second.lines().some((l) => l['adminApiKey'] !== undefined)).toBe(false);
    } finally {
      await again.close();
      await removeDir(dir);
    }
  });

  it('refuses a key file holding a short key, naming the variable', async () => {
    const dir = await tempDataDir();
    const file = join(dir, 'admin-api-key');
    await writeFile(file, 'short\n');
    await expect(bootstrap({ dataDir: dir, adminPort: 0, apiKeyFile: file, logger: memoryLogger().logger })).rejects.toMatchObject({
      code: 'GW_BAD_REQUEST',
      field: 'GATEWAY_ADMIN_API_KEY_FILE',
    });
    await removeDir(dir);
  });

  it('takes the key or the key file from the environment, not both', () => {
    expect(optionsFromEnv({ GATEWAY_ADMIN_API_KEY_FILE: '/data/key' })).toMatchObject({ apiKeyFile: '/data/key' });
    expect(() => optionsFromEnv({ GATEWAY_ADMIN_API_KEY: 'k'.repeat(20), GATEWAY_ADMIN_API_KEY_FILE: '/data/key' })).toThrow(
      /not both/,
    );
  });
});
