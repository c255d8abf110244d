import pino from 'pino';
import { runDemo } from '../../src/demo/run-demo';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

describe('the demo runs the slide-16 login flow against its own auth service', () => {
  it('login → X-DDGW-TOKEN → private call with X-UID → logout → 401, with no external service', async () => {
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
      const base = demo.gatewayUrl;
      const login = await fetch(`${base}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo', password: 'gatehouse-demo' }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('x-uid')).toBeNull();
      const token = login.headers.get('x-ddgw-token')!;
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

      const whoami = await fetch(`${base}/private/whoami`, { headers: { 'x-ddgw-token': token, 'x-uid': '999' } });
      expect(whoami.status).toBe(200);
      const echoed = (await whoami.json()) as { headers: Record<string, string> };
      expect(echoed.headers['x-uid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(echoed.headers['x-uid']).not.toBe('999');

      expect((await fetch(`${base}/private/whoami`)).status).toBe(401);
      expect((await fetch(`${base}/logout`, { method: 'POST', headers: { 'x-ddgw-token': token } })).status).toBe(204);
      expect((await fetch(`${base}/private/whoami`, { headers: { 'x-ddgw-token': token } })).status).toBe(401);
      expect(demo.guide).toContain(`${base}/login`);
    } finally {
      await demo.close();
      await removeDir(dir);
    }
  });
});
