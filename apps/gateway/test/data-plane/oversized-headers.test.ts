import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, echoSpec, inputSpec, parseRaw, rawExchange, serverSpec, startTestGateway } from '../support/harness';

describe('oversized request headers', () => {
  let gw: Gateway;
  let port: number;
  beforeAll(async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'h', [
      serverSpec('srv', { max_header_bytes: 2048 }),
      inputSpec('in', 'srv', { path: '/h', response_body_buffer_key: 'ECHO' }),
      echoSpec('e', []),
    ]);
    port = serverPort(gw, 'h');
  });
  afterAll(() => gw.stop());

  it('answers 431 with a JSON body and closes the connection', async () => {
    const big = 'a'.repeat(4096);
    const text = await rawExchange(port, `GET /h HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
    const res = parseRaw(text);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['connection']).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'GW_HEADERS_TOO_LARGE' });
  });

  it('serves a request whose head fits', async () => {
    const text = await rawExchange(port, `GET /h HTTP/1.1\r\nHost: x\r\nX-Small: ${'a'.repeat(500)}\r\nConnection: close\r\n\r\n`);
    expect(parseRaw(text).status).toBe(200);
  });

  it('answers 400 JSON to a malformed request line', async () => {
    const res = parseRaw(await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'GW_BAD_REQUEST' });
  });
});
