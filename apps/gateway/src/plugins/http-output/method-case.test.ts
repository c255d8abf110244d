import { request } from 'undici';
import { startBackend } from '../../../test/support/backend';
import { proxyPipeline, startGateway } from '../../../test/support/gateway';

describe('HTTPOutput method', () => {
  it('sends a literal lower-case method upper-cased, as a templated one is', async () => {
    const backend = await startBackend();
    const gw = await startGateway();
    try {
      const base = await proxyPipeline(gw, { backendUrl: backend.url, output: { method: 'post' } });
      const res = await request(`${base}/api/x`);
      expect(((await res.body.json()) as { method: string }).method).toBe('POST');
    } finally {
      await gw.stop();
      await backend.close();
    }
  });
});
