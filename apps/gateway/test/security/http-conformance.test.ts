import { connect } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { createAdminApp } from '../../src/admin/admin-app.factory';
import type { Gateway } from '../../src/engine/gateway';
import { serverPort } from '../support/gateway';
import { createPipeline, echoSpec, inputSpec, parseRaw, rawExchange, serverSpec, startTestGateway } from '../support/harness';

/** A raw exchange parsed: status, headers and the JSON body (undefined when there is none). */
async function raw(port: number, text: string): Promise<{ status: number; headers: Record<string, string>; json: Record<string, unknown> | undefined; text: string }> {
  const answer = await rawExchange(port, text);
  const r = parseRaw(answer);
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, json, text: answer };
}

describe('item 8: HTTP conformance at the edge and on the admin port', () => {
  let gw: Gateway;
  let port: number;
  let admin: NestExpressApplication;
  let adminPort: number;

  beforeAll(async () => {
    gw = await startTestGateway();
    await createPipeline(gw, 'echo', [serverSpec('srv'), inputSpec('in', 'srv', { path: '/echo', response_body_buffer_key: 'ECHO' }), echoSpec('e', ['HTTP_HOST', 'REQUEST_URI'])]);
    port = serverPort(gw, 'echo');
    admin = await createAdminApp({ gateway: gw, apiKey: undefined, logger: pino({ level: 'silent' }), timeouts: { headersMs: 1000, requestMs: 2000 } });
    await admin.listen(0, '127.0.0.1');
    adminPort = (admin.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await admin.close();
    await gw.stop();
  });

  it.each([
    ['a missing Host (HTTP/1.1)', 'GET /echo HTTP/1.1\r\n\r\n', 'no Host'],
    ['a duplicate Host', 'GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 'more than one Host'],
    ['an invalid Host', 'GET /echo HTTP/1.1\r\nHost: a b/c\r\n\r\n', 'not a valid host'],
    ['a request line without an HTTP version', 'GET /echo\r\n\r\n', 'HTTP/1.0 or HTTP/1.1'],
  ])('the data plane answers %s with a JSON 400', async (_what, request, message) => {
    const r = await raw(port, request);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'GW_BAD_REQUEST', message: expect.stringContaining(message) });
  });

  it('accepts HTTP/1.0 without Host, as a control', async () => {
    const r = await raw(port, 'GET /echo HTTP/1.0\r\n\r\n');
    expect(r.status).toBe(200);
  });

  it('accepts an absolute-form request-target; its authority replaces Host (RFC 9112 §3.2.2)', async () => {
    const r = await raw(port, 'GET http://api.example:8080/echo?x=1 HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ HTTP_HOST: 'api.example:8080', REQUEST_URI: '/echo?x=1' });
  });

  it.each([
    ['data plane', () => port],
    ['admin plane', () => adminPort],
  ])('CONNECT on the %s gets a JSON 405, then the connection closes', async (_plane, portOf) => {
    const r = await raw(portOf(), 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(r.status).toBe(405);
    expect(r.json).toMatchObject({ code: 'GW_METHOD_NOT_ALLOWED' });
    expect(r.headers['connection']).toBe('close');
  });

  it('the admin port answers a missing Host with a JSON 400 too', async () => {
    const r = await raw(adminPort, 'GET /health/v1/check HTTP/1.1\r\n\r\n');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'GW_BAD_REQUEST', field: 'host' });
  });

  it('the admin port closes slowloris connections after its head timeout, with a JSON 408', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<string>((resolve) => {
            const s = connect(adminPort, '127.0.0.1', () => s.write('GET /health/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '));
            const chunks: Buffer[] = [];
            s.on('data', (c: Buffer) => chunks.push(c));
            s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
            s.on('error', () => undefined);
          }),
      ),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const a of answers) expect(parseRaw(a).status).toBe(408);
  });
});
