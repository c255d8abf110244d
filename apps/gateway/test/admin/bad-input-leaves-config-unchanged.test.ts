import type { RunningGateway } from '../../src/bootstrap';
import { startDemoBackend, type DemoBackend } from '../../src/demo/demo-backend';
import { badInputCases } from './bad-input-cases';
import {
  api,
  diskState,
  freePort,
  proxySpecs,
  removeDir,
  startGateway,
  tempDataDir,
} from './harness';

describe('admin API: every bad input is a 4xx {code, message, field?} and changes nothing', () => {
  let dir: string;
  let gw: RunningGateway;
  let backend: DemoBackend;
  let port: number;
  beforeAll(async () => {
    dir = await tempDataDir();
    backend = await startDemoBackend({ port: 0 });
    gw = await startGateway({ dataDir: dir });
    port = await freePort();
    const specs = proxySpecs(port, backend.url);
    for (const p of specs.plugins)
      expect((await api(gw.adminUrl, 'POST', '/admin/v1/plugins', p)).status).toBe(201);
    expect((await api(gw.adminUrl, 'POST', '/admin/v1/pipelines', specs.pipeline)).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await gw.close();
    await backend.close();
    await removeDir(dir);
  });

  it.each(badInputCases)('$name → $status $code', async (c) => {
    const modelBefore = JSON.stringify([gw.gateway.listPlugins(), gw.gateway.listPipelines()]);
    const diskBefore = await diskState(dir);
    const body =
      Buffer.isBuffer(c.body) || typeof c.body === 'string' || c.body === undefined
        ? c.body
        : JSON.stringify(c.body);
    const res = await fetch(`${gw.adminUrl}${c.path}`, {
      method: c.method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: body as string }),
    });
    const answer = (await res.json()) as { code: string; message: string; field?: string };

    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.code).toBe(c.code);
    expect(typeof answer.message).toBe('string');
    expect(answer.message.length).toBeGreaterThan(0);
    expect(Object.keys(answer).every((k) => ['code', 'message', 'field'].includes(k))).toBe(true);
    if (c.field !== undefined) expect(answer.field).toBe(c.field);
    if (c.message !== undefined) expect(answer.message).toMatch(c.message);

    expect(JSON.stringify([gw.gateway.listPlugins(), gw.gateway.listPipelines()])).toBe(
      modelBefore,
    );
    expect(await diskState(dir)).toEqual(diskBefore);
  });

  it('refuses a chunked body over 1 MiB as it streams in, with 413', async () => {
    const diskBefore = await diskState(dir);
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent >= 20) ctrl.close();
        else {
          sent++;
          ctrl.enqueue(chunk);
        }
      },
    });
    const res = await fetch(`${gw.adminUrl}/admin/v1/plugins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('GW_BODY_TOO_LARGE');
    expect(await diskState(dir)).toEqual(diskBefore);
  });

  it('reads a body just under 1 MiB in full: it is validated (400), not refused as too large', async () => {
    const spec = { type: 'HTTPServer', config: { plugin_name: 'almost', pad: '' } };
    const pad = 1024 * 1024 - JSON.stringify(spec).length;
    const body = JSON.stringify({ ...spec, config: { ...spec.config, pad: 'x'.repeat(pad) } });
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    const res = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'GW_VALIDATION', field: 'config.pad' });
  });

  it('still proxies through the untouched pipeline afterwards', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/still-here`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { path: string }).path).toBe('/api/still-here');
  });
});
