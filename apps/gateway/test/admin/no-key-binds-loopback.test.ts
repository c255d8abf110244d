import type { AddressInfo } from 'node:net';
import { bootstrap } from '../../src/bootstrap';
import { api, memoryLogger, removeDir, tempDataDir } from './harness';

describe('admin plane without GATEWAY_ADMIN_API_KEY', () => {
  it('binds 127.0.0.1 even when asked for 0.0.0.0, asks for no key, and says so in the log', async () => {
    const dir = await tempDataDir();
    const { logger, lines } = memoryLogger();
    const gw = await bootstrap({ dataDir: dir, adminHost: '0.0.0.0', adminPort: 0, logger });
    try {
      const addr = gw.app.getHttpServer().address() as AddressInfo;
      expect(addr.address).toBe('127.0.0.1');
      expect(gw.adminUrl).toBe(`http://127.0.0.1:${addr.port}`);
      expect((await api(gw.adminUrl, 'GET', '/admin/v1/plugins')).status).toBe(200);
      const warnings = lines().filter((l) => l['level'] === 40);
      expect(warnings.some((l) => String(l['msg']).includes('ignoring admin host 0.0.0.0'))).toBe(
        true,
      );
      expect(warnings.some((l) => /asks for no key/.test(String(l['msg'])))).toBe(true);
    } finally {
      await gw.close();
      await removeDir(dir);
    }
  });

  it('binds the requested host when a key is set', async () => {
    const dir = await tempDataDir();
    const { logger, lines } = memoryLogger();
    const gw = await bootstrap({
      dataDir: dir,
      adminHost: '0.0.0.0',
      adminPort: 0,
      apiKey: 'k-0123456789abcdef',
      logger,
    });
    try {
      expect((gw.app.getHttpServer().address() as AddressInfo).address).toBe('0.0.0.0');
      expect(lines().some((l) => /asks for no key/.test(String(l['msg'])))).toBe(false);
    } finally {
      await gw.close();
      await removeDir(dir);
    }
  });
});
