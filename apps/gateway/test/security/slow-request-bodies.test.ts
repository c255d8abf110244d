import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { ManualClock } from '../../src/engine/clock';
import type { Gateway } from '../../src/engine/gateway';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { parseRaw, startTestGateway, until } from '../support/harness';

/** Opens a connection that sends a POST head announcing `length` bytes, then only `sent` of them. */
function slowPost(port: number, path: string, length: number, sent: string): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: gw\r\nContent-Type: text/plain\r\nContent-Length: ${length}\r\n\r\n${sent}`);
      resolve({ socket, answer });
    });
    const chunks: Buffer[] = [];
    const answer = new Promise<string>((r) => {
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => r(Buffer.concat(chunks).toString('latin1')));
    });
    socket.on('error', reject);
  });
}

describe('item 1: slow request bodies do not starve pipelines or the backend pool', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let base: string;
  let port: number;
  const clock = new ManualClock();
  const slow: Socket[] = [];

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway({ clock });
    await gw.createPlugin({
      type: 'HTTPServer',
      config: { plugin_name: 'edge', port: 0, request_buffer_bytes: 1024, client_body_timeout_sec: 10 },
    });
    // Two pipelines share one HTTPOutput whose pool holds 2 backend connections.
    await gw.createPlugin({
      type: 'HTTPOutput',
      config: { plugin_name: 'out', url_pattern: `${backend.url}{REQUEST_URI}`, method: '{REQUEST_METHOD}', max_connections_per_origin: 2 },
    });
    for (const [name, path] of [['upload', '/upload'], ['other', '/other']] as const) {
      await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: `${name}-in`, server_name: 'edge', path } });
      await gw.createPipeline({
        type: 'LinearPipeline',
        config: { pipeline_name: name, plugin_names: ['edge', `${name}-in`, 'out'], parallelism: 2 },
      });
    }
    port = serverPort(gw, 'upload');
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    for (const s of slow) s.destroy();
    await gw.stop();
    await backend.close();
  });

  it('trickling clients hold neither a pipeline slot nor a backend connection', async () => {
    for (let i = 0; i < 6; i++) slow.push((await slowPost(port, '/upload', 100, 'x')).socket);
    // The fast requests, on the same route and on another pipeline sharing the pool, still pass.
    const same = await request(`${base}/upload`, { method: 'POST', body: 'fast', headersTimeout: 4000 });
    expect(same.statusCode).toBe(200);
    expect(((await same.body.json()) as { body: string }).body).toBe('fast');
    const other = await request(`${base}/other`, { headersTimeout: 4000 });
    expect(other.statusCode).toBe(200);
    await other.body.text();
    expect(gw.pipeline('upload')!.ctx.inFlight()).toBe(0);
    expect(backend.requests.filter((r) => r.body === 'x')).toEqual([]);
  });

  it('a body that stalls longer than client_body_timeout_sec gets 408 JSON and a closed connection', async () => {
    const before = clock.pending();
    const { answer } = await slowPost(port, '/upload', 100, 'abc');
    await until(() => clock.pending() > before, 5000, 'the body timer');
    clock.advance(10_000);
    const r = parseRaw(await answer);
    expect(r.status).toBe(408);
    expect(JSON.parse(r.body)).toEqual({ code: 'GW_REQUEST_TIMEOUT', message: 'the request body was not received in time' });
    expect(r.headers['connection']).toBe('close');
  });

  it('a body above request_buffer_bytes streams, and a stall after the buffer is 408 too', async () => {
    const before = backend.requests.length;
    const { answer } = await slowPost(port, '/upload', 5000, 'y'.repeat(2000));
    await until(() => gw.pipeline('upload')!.ctx.inFlight() === 1, 5000, 'the streamed task');
    const armed = clock.pending();
    expect(armed).toBeGreaterThan(0);
    clock.advance(10_000);
    const r = parseRaw(await answer);
    expect(r.status).toBe(408);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'GW_REQUEST_TIMEOUT' });
    await until(() => gw.pipeline('upload')!.ctx.inFlight() === 0, 5000, 'the task to end');
    expect(backend.requests.length).toBe(before); // the backend never got a complete request
  });

  it('refuses buffer and timeout options outside their bounds', async () => {
    for (const [field, value] of [
      ['request_buffer_bytes', 1e12],
      ['request_buffer_bytes', 10],
      ['client_body_timeout_sec', 0],
      ['client_body_timeout_sec', 1e9],
    ] as const) {
      await expect(gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'bad', [field]: value } })).rejects.toMatchObject({
        code: 'GW_VALIDATION',
        field: `config.${field}`,
      });
    }
  });
});
