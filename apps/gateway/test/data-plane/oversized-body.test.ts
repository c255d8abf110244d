import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, inputSpec, parseRaw, rawExchange, serverSpec, startTestGateway } from '../support/harness';

describe('oversized request bodies get 413', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let port: number;
  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    await createPipeline(gw, 'b', [
      serverSpec('srv', { max_body_bytes: 1000 }),
      inputSpec('in', 'srv', { path: '/b' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend.url}/`, method: 'POST' } },
    ]);
    port = serverPort(gw, 'b');
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });
  beforeEach(() => {
    backend.requests.length = 0;
  });

  it('with a Content-Length over the limit: 413 JSON before any backend call', async () => {
    const body = 'x'.repeat(5000);
    const res = parseRaw(await rawExchange(port, `POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'GW_BODY_TOO_LARGE' });
    expect(backend.requests).toEqual([]);
  });

  it('chunked, growing over the limit: 413 JSON and the connection is closed', async () => {
    const chunk = 'y'.repeat(600);
    const chunked = `${(600).toString(16)}\r\n${chunk}\r\n`.repeat(5) + '0\r\n\r\n';
    const res = parseRaw(await rawExchange(port, `POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`));
    expect(res.status).toBe(413);
    expect(res.headers['connection']).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'GW_BODY_TOO_LARGE' });
  });

  it('bodies within the limit pass, chunked or not', async () => {
    const ok = parseRaw(await rawExchange(port, `POST /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 10\r\n\r\n0123456789`));
    expect(ok.status).toBe(200);
    const chunkedOk = parseRaw(
      await rawExchange(port, `POST /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`),
    );
    expect(chunkedOk.status).toBe(200);
    expect(backend.requests.map((r) => r.body)).toEqual(['0123456789', 'hello']);
  });
});
