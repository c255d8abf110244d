import { connect, type Socket } from 'node:net';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

/** Opens a connection and completes one keep-alive request on it; resolves with the reply (or '' when closed unanswered). */
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

describe('HTTPServer max_connections', () => {
  let gw: Gateway;
  afterEach(() => gw.stop());

  it('refuses connections beyond max_connections and accepts again once one closes', async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'm', [serverSpec('srv', { max_connections: 2 }), inputSpec('in', 'srv', { path: '/m', response_body_buffer_key: 'ECHO' }), echoSpec('e', [])]);
    const port = serverPort(gw, 'm');
    const first = await openAndAsk(port);
    const second = await openAndAsk(port);
    expect(first.reply).toMatch(/^HTTP\/1.1 200/);
    expect(second.reply).toMatch(/^HTTP\/1.1 200/);
    const third = await openAndAsk(port);
    expect(third.reply).toBe('');
    expect(third.sock.destroyed).toBe(true);

    first.sock.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const fourth = await openAndAsk(port);
    expect(fourth.reply).toMatch(/^HTTP\/1.1 200/);
    second.sock.destroy();
    fourth.sock.destroy();
  });
});
