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

describe('HTTPServer keepalive: false', () => {
  let gw: Gateway;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(async () => {
    agent.destroy();
    await gw.stop();
  });

  it('closes each connection after its response', async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'k', [serverSpec('srv', { keepalive: false }), inputSpec('in', 'srv', { path: '/k', response_body_buffer_key: 'ECHO' }), echoSpec('e', [])]);
    const port = serverPort(gw, 'k');
    const a = await get(port, agent);
    expect(a.connection).toBe('close');
    const b = await get(port, agent);
    expect(b.localPort).not.toBe(a.localPort);
  });
});
