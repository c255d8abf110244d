import { connect, type Socket } from 'node:net';
import type { Gateway } from '../../engine/gateway';
import { createPipeline, echoSpec, FlakyStore, freePort, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

function openAndAsk(port: number): Promise<{ sock: Socket; reply: string }> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let reply = '';
    sock.on('data', (c: Buffer) => {
      reply += c.toString();
      if (reply.includes('\r\n\r\n')) resolve({ sock, reply });
    });
    sock.on('error', () => undefined);
    sock.on('close', () => resolve({ sock, reply }));
    sock.write('GET /m HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
  });
}

describe('a refused HTTPServer update leaves the running listener settings as they were', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('max_connections of a failed update is not applied', async () => {
    const store = new FlakyStore();
    gw = await startTestGateway({ store });
    const port = await freePort();
    await createPipeline(gw, 'm', [serverSpec('srv', { port }), inputSpec('in', 'srv', { path: '/m', response_body_buffer_key: 'ECHO' }), echoSpec('e', [])]);
    store.failSaves = true;
    await expect(gw.updatePlugin(serverSpec('srv', { port, max_connections: 1 }))).rejects.toThrow(/disk full/);
    expect(gw.getPlugin('srv').config['max_connections']).toBe(10240);
    const a = await openAndAsk(port);
    const b = await openAndAsk(port);
    expect(a.reply).toMatch(/^HTTP\/1.1 200/);
    expect(b.reply).toMatch(/^HTTP\/1.1 200/);
    a.sock.destroy();
    b.sock.destroy();
  });
});
