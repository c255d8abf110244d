import { request } from 'undici';
import type { Gateway } from '../../src/engine/gateway';
import { MapServiceDirectory } from '../../src/engine/service-directory';
import { ACCESS_LOG_SERVICE, AccessLogSink } from '../../src/plugins/http-server/access-log/access-log-sink';
import { startBackend, type TestBackend } from '../support/backend';
import { serverPort } from '../support/gateway';
import { createPipeline, freePort, inputSpec, serverSpec, startTestGateway, until } from '../support/harness';

interface Line {
  time: string;
  type: string;
  server: string;
  client: string;
  method: string;
  path: string;
  pipeline: string | null;
  route: string | null;
  status: number;
  bytes_in: number;
  bytes_out: number;
  duration_ms: number;
  backend: string | null;
  backend_ms: number | null;
  error_code: string | null;
}

describe('the data-plane access log', () => {
  let gw: Gateway;
  let backend: TestBackend;
  let base: string;
  let quietBase: string;
  let closedPort: number;
  const lines: Line[] = [];
  let sink: AccessLogSink;

  const logged = async (n: number): Promise<Line[]> => {
    await until(() => lines.length >= n, 5000, `${n} access lines`);
    return lines.splice(0, lines.length);
  };

  beforeAll(async () => {
    backend = await startBackend((req, res, body) => {
      if (req.url?.startsWith('/slow')) {
        setTimeout(() => res.end('late'), 3000).unref();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`got ${body.length}`);
    });
    closedPort = await freePort();
    const services = new MapServiceDirectory();
    sink = new AccessLogSink({ write: (chunk) => lines.push(...chunk.trimEnd().split('\n').map((l) => JSON.parse(l) as Line)) });
    services.provide(ACCESS_LOG_SERVICE, () => sink);
    gw = await startTestGateway({ services });
    await gw.createPlugin(serverSpec('srv', { port: 0, access_log: true }));
    await createPipeline(gw, 'ok', [
      serverSpec('srv'),
      inputSpec('in-ok', 'srv', { path: '/ok/{id}', methods: ['GET', 'POST'] }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-ok', url_pattern: `${backend.url}{REQUEST_URI}`, method: '{REQUEST_METHOD}' } },
    ]);
    await createPipeline(gw, 'refused', [
      serverSpec('srv'),
      inputSpec('in-r', 'srv', { path: '/refused' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-r', url_pattern: `http://127.0.0.1:${closedPort}/`, method: 'GET' } },
    ]);
    await createPipeline(gw, 'slow', [
      serverSpec('srv'),
      inputSpec('in-s', 'srv', { path: '/slow' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-s', url_pattern: `${backend.url}/slow`, method: 'GET' } },
    ]);
    base = `http://127.0.0.1:${serverPort(gw, 'ok')}`;
    await gw.createPlugin(serverSpec('quiet', { port: 0 }));
    await createPipeline(gw, 'quiet', [
      serverSpec('quiet'),
      inputSpec('in-q', 'quiet', { path: '/q' }),
      { type: 'HTTPOutput', config: { plugin_name: 'out-q', url_pattern: `${backend.url}/q`, method: 'GET' } },
    ]);
    quietBase = `http://127.0.0.1:${serverPort(gw, 'quiet')}`;
  });
  afterAll(async () => {
    await gw.stop();
    await backend.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it('logs a proxied request: route, pipeline, status, bytes, backend and its duration', async () => {
    const res = await request(`${base}/ok/7?token=secret`, { method: 'POST', body: 'hello world' });
    expect(res.statusCode).toBe(200);
    const body = await res.body.text();
    const [line] = await logged(1);
    expect(line).toMatchObject({
      type: 'access',
      server: 'srv',
      client: '127.0.0.1',
      method: 'POST',
      path: '/ok/7',
      pipeline: 'ok',
      route: '/ok/{id}',
      status: 200,
      backend: backend.url,
      error_code: null,
    });
    expect(Date.parse(line!.time)).toBeGreaterThan(Date.now() - 60_000);
    expect(line!.bytes_in).toBeGreaterThan('POST /ok/7?token=secret HTTP/1.1\r\n'.length + 'hello world'.length);
    expect(line!.bytes_out).toBeGreaterThan(body.length);
    expect(line!.backend_ms).toBeGreaterThanOrEqual(0);
    expect(line!.duration_ms).toBeGreaterThanOrEqual(line!.backend_ms!);
  });

  it('keeps the query string out of the log', async () => {
    await (await request(`${base}/ok/1?password=hunter2`)).body.text();
    const [line] = await logged(1);
    expect(JSON.stringify(line)).not.toContain('hunter2');
  });

  it('logs the error code of a 502 and the backend that refused', async () => {
    const res = await request(`${base}/refused`);
    await res.body.text();
    const [line] = await logged(1);
    expect(line).toMatchObject({ status: 502, pipeline: 'refused', error_code: 'GW_BAD_GATEWAY', backend: `http://127.0.0.1:${closedPort}` });
    expect(line!.backend_ms).toBeGreaterThanOrEqual(0);
  });

  it('logs requests no pipeline took, with the server\'s own error code', async () => {
    await (await request(`${base}/nowhere`)).body.text();
    const [line] = await logged(1);
    expect(line).toMatchObject({ status: 404, pipeline: null, route: null, backend: null, backend_ms: null, error_code: 'GW_NOT_FOUND' });
  });

  it('logs a client that gave up as 499', async () => {
    const ac = new AbortController();
    const pending = request(`${base}/slow`, { signal: ac.signal }).catch(() => undefined);
    await until(() => backend.requests.some((r) => r.url === '/slow'), 5000, 'the backend call');
    ac.abort();
    await pending;
    const [line] = await logged(1);
    expect(line).toMatchObject({ status: 499, pipeline: 'slow', backend: backend.url });
  });

  it('logs nothing for a server with the access log off', async () => {
    await (await request(`${quietBase}/q`)).body.text();
    await (await request(`${base}/ok/2`)).body.text();
    const got = await logged(1);
    expect(got.map((l) => l.server)).toEqual(['srv']);
  });

  it('logs the configured share of requests, and the change takes effect on update', async () => {
    await gw.updatePlugin(serverSpec('srv', { port: serverPort(gw, 'ok'), access_log: true, access_log_sample_ratio: 0.25 }));
    for (let i = 0; i < 12; i++) await (await request(`${base}/ok/${i}`)).body.text();
    await until(() => lines.length >= 3, 5000, '3 sampled lines');
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toHaveLength(3);
    await gw.updatePlugin(serverSpec('srv', { port: serverPort(gw, 'ok'), access_log: true }));
  });

  it('refuses a sample ratio outside (0, 1], naming the field', async () => {
    for (const ratio of [0, -0.5, 1.5]) {
      await expect(gw.createPlugin(serverSpec('bad', { port: 0, access_log: true, access_log_sample_ratio: ratio }))).rejects.toMatchObject({
        field: 'config.access_log_sample_ratio',
      });
    }
  });

  it('shows dropped lines as an indicator of the server', () => {
    const indicator = gw.statistics.get('ok')?.customIndicators('srv').find((i) => i.name === 'ACCESS_LOG_DROPPED');
    expect(indicator?.value()).toBe(sink.dropped);
    expect(gw.statistics.get('quiet')?.customIndicators('quiet').map((i) => i.name)).not.toContain('ACCESS_LOG_DROPPED');
  });
});
