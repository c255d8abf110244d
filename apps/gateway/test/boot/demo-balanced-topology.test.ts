import pino from 'pino';
import { DEMO_NODES } from '../../src/demo/demo-balanced';
import { runDemo } from '../../src/demo/run-demo';
import { freePort, removeDir, tempDataDir } from '../admin/harness';

describe('the demo runs slide 14: API pipelines with limiters → UpstreamOutput → one pipeline per backend node', () => {
  it('spreads /orders and /catalog 2:1 over node a and node b, each node pipeline with its own parallelism', async () => {
    const dir = await tempDataDir();
    const demo = await runDemo({ backendPort: 0, gatewayPort: await freePort(), adminPort: 0, dataDir: dir, logger: pino({ level: 'silent' }), login: false });
    try {
      const nodes: string[] = [];
      for (const path of ['/orders/1', '/orders/2', '/orders/3', '/catalog/4', '/catalog/5', '/catalog/6']) {
        const res = await fetch(`${demo.gatewayUrl}${path}`, { method: 'POST', body: path });
        expect(res.status).toBe(200);
        const echo = (await res.json()) as { path: string; body: string; headers: Record<string, string> };
        expect(echo).toMatchObject({ path, body: path });
        nodes.push(echo.headers['x-demo-node']!);
      }
      // One UpstreamOutput serves both APIs, so the 2:1 interleave runs across them.
      expect(nodes.filter((n) => n === 'a')).toHaveLength(4);
      expect(nodes.filter((n) => n === 'b')).toHaveLength(2);
      const gw = demo.gateway.gateway;
      for (const n of DEMO_NODES) expect(gw.pipeline(`demo-node-${n.name}`)!.ctx.parallelism()).toBe(n.parallelism);
      expect(demo.guide).toContain(`${demo.gatewayUrl}/orders/`);
      // The old routes still work beside it.
      expect((await fetch(`${demo.gatewayUrl}/api/hello`)).status).toBe(200);
    } finally {
      await demo.close();
      await removeDir(dir);
    }
  });
});
