import { connect } from 'node:net';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway, until } from '../support/harness';
import { observed } from '../support/test-plugins';

describe('a client that goes away', () => {
  let gw: Gateway;
  let backend: TestBackend;
  const backendClosed: string[] = [];
  beforeAll(async () => {
    backend = await startBackend();
    // The backend never answers /hang; it notes when the gateway drops the request.
    backend.server.removeAllListeners('request');
    backend.server.on('request', (req, res) => {
      backend.requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: '' });
      res.on('close', () => backendClosed.push(req.url!));
      // /hang?stream=1 starts a response and then stalls in the middle of the body.
      if (req.url!.includes('stream=1')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part;');
      }
    });
    gw = await startTestGateway();
    await createPipeline(gw, 'abort', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/hang' }),
      { type: 'TestStep', config: { plugin_name: 'watch', action: 'observe' } },
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}{REQUEST_URI}`, method: 'GET' } },
    ]);
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('cancels the task with 499 and aborts the backend request too', async () => {
    const sock = connect(serverPort(gw, 'abort'), '127.0.0.1');
    sock.on('error', () => undefined);
    sock.write('GET /hang?n=1 HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => backend.requests.length === 1, 3000, 'the backend to get the request');
    expect(gw.pipeline('abort')!.ctx.inFlight()).toBe(1);
    sock.destroy();
    await until(() => observed.length === 1, 3000, 'the task to finish');
    expect(observed[0]).toMatchObject({ plugin: 'watch', status: 'Finished', resultCode: 499, cancelledWith: 499 });
    await until(() => backendClosed.length === 1, 3000, 'the backend request to be aborted');
    expect(backendClosed).toEqual(['/hang?n=1']);
    expect(gw.pipeline('abort')!.ctx.inFlight()).toBe(0);
  });

  it('aborts the backend response stream when the client leaves in the middle of the body', async () => {
    backendClosed.length = 0;
    backend.requests.length = 0;
    const sock = connect(serverPort(gw, 'abort'), '127.0.0.1');
    sock.on('error', () => undefined);
    let received = '';
    sock.on('data', (c: Buffer) => (received += c.toString()));
    sock.write('GET /hang?stream=1 HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => received.includes('first part;'), 3000, 'the first part of the body');
    expect(received).toMatch(/^HTTP\/1.1 200/);
    sock.destroy();
    await until(() => backendClosed.length === 1, 3000, 'the backend response to be aborted');
    expect(backendClosed).toEqual(['/hang?stream=1']);
    expect(gw.pipeline('abort')!.ctx.inFlight()).toBe(0);
  });
});
