import { request as httpRequest, Agent } from 'node:http';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

function get(port: number, agent: Agent): Promise<{ status: number; localPort: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/k', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, localPort: req.socket!.localPort!, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPServer keep-alive', () => {
  let gw: Gateway;
  let agent: Agent;
  beforeEach(async () => {
    gw = await startTestGateway();
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(async () => {
    agent.destroy();
    await gw.stop();
  });

  const start = async () => {
    await createPipeline(gw, 'k', [serverSpec('srv'), inputSpec('in', 'srv', { path: '/k', response_body_buffer_key: 'ECHO' }), echoSpec('e', [])]);
    return serverPort(gw, 'k');
  };

  it('reuses one connection for sequential requests when keepalive is on', async () => {
    const port = await start();
    const a = await get(port, agent);
    const b = await get(port, agent);
    const c = await get(port, agent);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(b.localPort).toBe(a.localPort);
    expect(c.localPort).toBe(a.localPort);
    expect(a.connection).toBe('keep-alive');
  });

  it('closes an idle keep-alive connection after keepalive_sec', async () => {
    await createPipeline(gw, 'k', [serverSpec('srv', { keepalive_sec: 1 }), inputSpec('in', 'srv', { path: '/k', response_body_buffer_key: 'ECHO' }), echoSpec('e', [])]);
    const port = serverPort(gw, 'k');
    const first = await get(port, agent);
    await new Promise((r) => setTimeout(r, 1400));
    const second = await get(port, agent);
    expect(second.status).toBe(200);
    expect(second.localPort).not.toBe(first.localPort);
  });
});
