import { connect } from 'node:net';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, parseRaw, serverSpec, startTestGateway } from '../support/harness';

/** Sends `first` and then nothing; returns what the server answered and when the socket closed. */
function stall(port: number, first: string): Promise<{ text: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const sock = connect(port, '127.0.0.1');
    let text = '';
    sock.on('data', (c: Buffer) => (text += c.toString('latin1')));
    sock.on('error', () => undefined);
    sock.on('close', () => resolve({ text, ms: Date.now() - started }));
    sock.write(first);
  });
}

describe('slow clients get 408', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let port: number;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    await createPipeline(gw, 'slow', [
      serverSpec('srv', { headers_timeout_sec: 1, request_timeout_sec: 2 }),
      inputSpec('in', 'srv', { path: '/s' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}/`, method: '{REQUEST_METHOD}' } },
    ]);
    port = serverPort(gw, 'slow');
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });

  it('a request head that never completes is answered 408 JSON within about headers_timeout_sec', async () => {
    const { text, ms } = await stall(port, 'GET /s HTTP/1.1\r\nHost: x\r\n');
    const res = parseRaw(text);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'GW_REQUEST_TIMEOUT' });
    expect(ms).toBeLessThan(4000);
  });

  it('a body that never completes is answered 408 within about request_timeout_sec', async () => {
    const { text, ms } = await stall(port, 'POST /s HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
    expect(parseRaw(text).status).toBe(408);
    expect(ms).toBeLessThan(5000);
  });
});
