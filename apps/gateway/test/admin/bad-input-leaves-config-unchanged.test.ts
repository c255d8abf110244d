import type { RunningGateway } from '../../src/bootstrap';
import { startDemoBackend, type DemoBackend } from '../../src/demo/demo-backend';
import {
  api,
  diskState,
  freePort,
  proxySpecs,
  removeDir,
  startGateway,
  tempDataDir,
} from './harness';

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  code: string;
  field?: string;
  message?: RegExp;
}

const server = (port: unknown) => ({
  type: 'HTTPServer',
  config: { plugin_name: 'x-server', port },
});
const pipeline = (config: Record<string, unknown>) => ({
  type: 'LinearPipeline',
  config: { pipeline_name: 'x-pipe', ...config },
});

const cases: Case[] = [
  {
    name: 'malformed JSON (create plugin)',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: '{"type": "HTTPServer",',
    status: 400,
    code: 'GW_INVALID_JSON',
    message: /line 1 column/,
  },
  {
    name: 'malformed JSON (update pipeline)',
    method: 'PUT',
    path: '/admin/v1/pipelines',
    body: "{'type': 1}",
    status: 400,
    code: 'GW_INVALID_JSON',
  },
  {
    name: 'body that is not UTF-8',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    status: 400,
    code: 'GW_INVALID_JSON',
  },
  {
    name: 'empty body',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: '',
    status: 400,
    code: 'GW_BAD_REQUEST',
  },
  {
    name: 'JSON array body',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: '[]',
    status: 400,
    code: 'GW_BAD_REQUEST',
  },
  {
    name: 'JSON string body',
    method: 'PUT',
    path: '/admin/v1/plugins',
    body: '"HTTPServer"',
    status: 400,
    code: 'GW_BAD_REQUEST',
  },
  {
    name: 'JSON null body',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: 'null',
    status: 400,
    code: 'GW_BAD_REQUEST',
  },
  {
    name: 'unknown top-level field',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { ...server(1), extra: 1 },
    status: 400,
    code: 'GW_BAD_REQUEST',
    field: 'extra',
  },
  {
    name: 'unknown plugin type',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'NoSuchPlugin', config: { plugin_name: 'x' } },
    status: 400,
    code: 'GW_UNKNOWN_TYPE',
    field: 'type',
  },
  {
    name: 'unknown pipeline type',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: { type: 'StarPipeline', config: { pipeline_name: 'x' } },
    status: 400,
    code: 'GW_UNKNOWN_TYPE',
    field: 'type',
  },
  {
    name: 'type that is not a string',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 7, config: {} },
    status: 400,
    code: 'GW_VALIDATION',
    field: 'type',
  },
  {
    name: 'config that is not an object',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer', config: [] },
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config',
  },
  {
    name: 'missing config',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer' },
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config',
  },
  {
    name: 'port of the wrong type',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: server('10080'),
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.port',
  },
  {
    name: 'tps as a number',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'ThroughputRateLimiter', config: { plugin_name: 'x-lim', tps: 11 } },
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.tps',
  },
  {
    name: 'parallelism of the wrong type',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: pipeline({ plugin_names: ['p-server', 'p-in', 'p-out'], parallelism: 'ten' }),
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.parallelism',
  },
  {
    name: 'plugin_names not an array',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: pipeline({ plugin_names: 'p-server' }),
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.plugin_names',
  },
  {
    name: 'unknown config option',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer', config: { plugin_name: 'x-server', prot: 1 } },
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.prot',
  },
  {
    name: 'missing required url_pattern',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPOutput', config: { plugin_name: 'x-out', method: 'GET' } },
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.url_pattern',
  },
  {
    name: 'missing required plugin_names',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: pipeline({}),
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.plugin_names',
  },
  {
    name: 'missing plugin_name',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer', config: { port: 1 } },
    status: 400,
    code: 'GW_INVALID_NAME',
    field: 'config.plugin_name',
  },
  {
    name: 'name with a slash',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer', config: { plugin_name: 'a/b' } },
    status: 400,
    code: 'GW_INVALID_NAME',
    field: 'config.plugin_name',
  },
  {
    name: 'name with ..',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer', config: { plugin_name: 'a..b' } },
    status: 400,
    code: 'GW_INVALID_NAME',
    field: 'config.plugin_name',
  },
  {
    name: 'name that is ..',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer', config: { plugin_name: '..' } },
    status: 400,
    code: 'GW_INVALID_NAME',
    field: 'config.plugin_name',
  },
  {
    name: 'name with a space',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'HTTPServer', config: { plugin_name: 'my server' } },
    status: 400,
    code: 'GW_INVALID_NAME',
    field: 'config.plugin_name',
  },
  {
    name: 'pipeline name with a slash',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: {
      type: 'LinearPipeline',
      config: { pipeline_name: '../etc', plugin_names: ['p-server'] },
    },
    status: 400,
    code: 'GW_INVALID_NAME',
    field: 'config.pipeline_name',
  },
  {
    name: 'pipeline name with a space',
    method: 'PUT',
    path: '/admin/v1/pipelines',
    body: {
      type: 'LinearPipeline',
      config: { pipeline_name: 'p pipe', plugin_names: ['p-server'] },
    },
    status: 400,
    code: 'GW_INVALID_NAME',
    field: 'config.pipeline_name',
  },
  {
    name: 'unknown plugin in plugin_names',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: pipeline({ plugin_names: ['p-server', 'nope'] }),
    status: 400,
    code: 'GW_UNKNOWN_PLUGIN',
    field: 'config.plugin_names.1',
    message: /nope/,
  },
  {
    name: 'unknown plugin in plugin_names on update',
    method: 'PUT',
    path: '/admin/v1/pipelines',
    body: {
      type: 'LinearPipeline',
      config: { pipeline_name: 'p-pipe', plugin_names: ['p-server', 'p-in', 'ghost', 'p-out'] },
    },
    status: 400,
    code: 'GW_UNKNOWN_PLUGIN',
    field: 'config.plugin_names.2',
  },
  {
    name: 'HTTPInput before its server',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: pipeline({ plugin_names: ['p-in', 'p-server', 'p-out'] }),
    status: 400,
    code: 'GW_PIPELINE_ORDER',
  },
  {
    name: 'plugin in use',
    method: 'DELETE',
    path: '/admin/v1/plugins/p-limit',
    status: 409,
    code: 'GW_PLUGIN_IN_USE',
    message: /p-pipe/,
  },
  {
    name: 'type change on update',
    method: 'PUT',
    path: '/admin/v1/plugins',
    body: {
      type: 'HTTPRedirect',
      config: { plugin_name: 'p-limit', match: '^/a', replacement: '/b' },
    },
    status: 400,
    code: 'GW_TYPE_IMMUTABLE',
    field: 'type',
  },
  {
    name: 'invalid config on update',
    method: 'PUT',
    path: '/admin/v1/plugins',
    body: { type: 'ThroughputRateLimiter', config: { plugin_name: 'p-limit', tps: 'fast' } },
    status: 400,
    code: 'GW_VALIDATION',
    field: 'config.tps',
  },
  {
    name: 'duplicate plugin name',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: { type: 'ThroughputRateLimiter', config: { plugin_name: 'p-limit', tps: '1' } },
    status: 409,
    code: 'GW_ALREADY_EXISTS',
  },
  {
    name: 'duplicate pipeline name',
    method: 'POST',
    path: '/admin/v1/pipelines',
    body: {
      type: 'LinearPipeline',
      config: { pipeline_name: 'p-pipe', plugin_names: ['p-server', 'p-in', 'p-out'] },
    },
    status: 409,
    code: 'GW_ALREADY_EXISTS',
  },
  {
    name: 'update of a missing plugin',
    method: 'PUT',
    path: '/admin/v1/plugins',
    body: { type: 'ThroughputRateLimiter', config: { plugin_name: 'ghost', tps: '1' } },
    status: 404,
    code: 'GW_NOT_FOUND',
  },
  {
    name: 'delete of a missing pipeline',
    method: 'DELETE',
    path: '/admin/v1/pipelines/ghost',
    status: 404,
    code: 'GW_NOT_FOUND',
  },
  {
    name: 'name with an encoded slash in the URL',
    method: 'DELETE',
    path: '/admin/v1/plugins/p-server%2F..',
    status: 404,
    code: 'GW_NOT_FOUND',
  },
  {
    name: 'broken percent-encoding in the URL',
    method: 'GET',
    path: '/admin/v1/plugins/%E0%A4%A',
    status: 400,
    code: 'GW_BAD_REQUEST',
  },
  {
    name: 'body over 1 MiB',
    method: 'POST',
    path: '/admin/v1/plugins',
    body: JSON.stringify({
      type: 'HTTPServer',
      config: { plugin_name: 'big', pad: 'x'.repeat(1024 * 1024) },
    }),
    status: 413,
    code: 'GW_BODY_TOO_LARGE',
  },
  {
    name: 'unknown route',
    method: 'GET',
    path: '/admin/v1/plugns',
    status: 404,
    code: 'GW_NOT_FOUND',
  },
];

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

  it.each(cases)('$name → $status $code', async (c) => {
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
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('GW_BODY_TOO_LARGE');
    expect(await diskState(dir)).toEqual(diskBefore);
  });

  it('still proxies through the untouched pipeline afterwards', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/still-here`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { path: string }).path).toBe('/api/still-here');
  });
});
