import pino from 'pino';
import { runDemo } from '../../src/demo/run-demo';
import { api, freePort, removeDir, tempDataDir } from '../admin/harness';

describe('the demo (pnpm demo)', () => {
  it('proxies, redirects, rate-limits and is administrable, with no external service, and re-applies nothing on a second start', async () => {
    const dir = await tempDataDir();
    const gatewayPort = await freePort();
    const logger = pino({ level: 'silent' });
    const demo = await runDemo({ backendPort: 0, gatewayPort, adminPort: 0, dataDir: dir, logger, login: false });
    try {
      expect(demo.applied).toHaveLength(20);
      const base = demo.gatewayUrl;

      const proxied = await fetch(`${base}/api/hello?name=world`);
      expect(proxied.status).toBe(200);
      expect(await proxied.json()).toMatchObject({
        method: 'GET',
        path: '/api/hello',
        query: 'name=world',
        headers: { 'x-forwarded-by': 'gatehouse' },
      });
      expect((await fetch(`${base}/api/status/503`)).status).toBe(503);

      const redirect = await fetch(`${base}/v1/users/7?full=1`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/api/users/7?full=1');

      await new Promise((r) => setTimeout(r, 1200)); // let the bucket refill after the calls above
      const codes = await Promise.all(
        Array.from({ length: 60 }, () => fetch(`${base}/api/burst`).then((r) => r.status)),
      );
      const ok = codes.filter((c) => c === 200).length;
      const limited = codes.filter((c) => c === 429).length;
      expect(ok + limited).toBe(60);
      expect(ok).toBeGreaterThanOrEqual(12);
      expect(limited).toBeGreaterThan(0);

      const plugins = await api(
        demo.gateway.adminUrl,
        'GET',
        '/admin/v1/plugins?name_pattern=^demo-',
      );
      expect(plugins.body.plugins).toHaveLength(14);
      expect(demo.guide).toContain(`curl -s ${base}/api/hello`);
      expect(demo.guide).toContain(`${demo.gateway.adminUrl}/admin/v1/plugins`);
      expect(demo.guide).toContain(`${base}/v1/hello`);
    } finally {
      await demo.close();
    }
    const again = await runDemo({
      backendPort: 0,
      gatewayPort,
      adminPort: 0,
      dataDir: dir,
      logger,
      login: false,
    });
    try {
      // The backend moved to another free port, so only the plugins that point at it change.
      expect(again.applied).toEqual(['demo-backend-out', 'demo-node-a-out', 'demo-node-b-out']);
      expect((await fetch(`${again.gatewayUrl}/api/again`)).status).toBe(200);
    } finally {
      await again.close();
      await removeDir(dir);
    }
  });
});
