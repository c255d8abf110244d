import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningGateway } from '../../src/bootstrap';
import type { JSONSchema } from '../../src/engine/schema';
import { api, diskState, removeDir, startGateway, tempDataDir } from '../admin/harness';
import { edKey } from '../support/tokens';

/** Schema paths of numbers without a maximum, strings without a bound, arrays without maxItems, open maps without maxProperties. */
function unbounded(schema: JSONSchema, path: string, out: string[]): string[] {
  const s = schema as Record<string, unknown>;
  const type = s['type'];
  if ((type === 'integer' || type === 'number') && s['maximum'] === undefined && s['enum'] === undefined) out.push(`${path}: no maximum`);
  if (type === 'string' && s['maxLength'] === undefined && s['enum'] === undefined && !/_name$/.test(path)) out.push(`${path}: no maxLength`);
  if (type === 'array') {
    if (s['maxItems'] === undefined) out.push(`${path}: no maxItems`);
    if (s['items']) unbounded(s['items'] as JSONSchema, `${path}[]`, out);
  }
  if (type === 'object') {
    for (const [k, v] of Object.entries((s['properties'] as Record<string, JSONSchema> | undefined) ?? {})) unbounded(v, `${path}.${k}`, out);
    const extra = s['additionalProperties'];
    if (extra !== undefined && extra !== false) {
      if (s['maxProperties'] === undefined) out.push(`${path}: no maxProperties`);
      unbounded(extra as JSONSchema, `${path}.*`, out);
    }
  }
  return out;
}

describe('item 5: hostile admin input gets a 4xx, never a 500', () => {
  let dir: string;
  let gw: RunningGateway;
  let writer: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await tempDataDir();
    gw = await startGateway({ dataDir: dir });
  });
  afterAll(async () => {
    writer?.kill('SIGKILL');
    await gw.close();
    await removeDir(dir);
  });

  const post = (path: string, body: unknown) => api(gw.adminUrl, 'POST', path, body);

  it('JSON nested 10,000 deep is a 400 before anything recurses; 32 levels are fine', async () => {
    const deep = `{"type":"HTTPServer","config":{"plugin_name":"d","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const r = await post('/admin/v1/plugins', deep);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'GW_INVALID_JSON' });
    expect(r.body.message).toContain('deeper than 32');
    const ok = await post('/admin/v1/plugins', `{"type":"HTTPServer","config":{"plugin_name":"d","x":${'['.repeat(29)}${']'.repeat(29)}}}`);
    expect(ok.body).toMatchObject({ code: 'GW_VALIDATION', field: 'config.x' });
  });

  it('cert_file / key_file that are not PEM are GW_VALIDATION naming the field', async () => {
    const junk = join(dir, 'junk.pem');
    await writeFile(junk, 'not a certificate');
    const k = edKey('k');
    const keyFile = join(dir, 'k.pem');
    await writeFile(keyFile, k.private_key);
    for (const [config, field] of [
      [{ cert_file: junk, key_file: keyFile }, 'config.cert_file'],
      [{ cert_file: keyFile, key_file: junk }, 'config.cert_file'],
    ] as const) {
      await api(gw.adminUrl, 'DELETE', '/admin/v1/pipelines/tls');
      await api(gw.adminUrl, 'DELETE', '/admin/v1/plugins/tls-srv');
      expect((await post('/admin/v1/plugins', { type: 'HTTPServer', config: { plugin_name: 'tls-srv', port: 0, ...config } })).status).toBe(201);
      await post('/admin/v1/plugins', { type: 'HTTPInput', config: { plugin_name: 'tls-in', server_name: 'tls-srv', path: '/t' } });
      const r = await post('/admin/v1/pipelines', { type: 'LinearPipeline', config: { pipeline_name: 'tls', plugin_names: ['tls-srv', 'tls-in'] } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'GW_VALIDATION', field });
    }
  });

  it('a FIFO as public_key_file is refused at once and does not block the process', async () => {
    const fifo = join(dir, 'key.fifo');
    execFileSync('mkfifo', [fifo]);
    // A writer that would feed the FIFO after 3 s: a blocking read would wait for it.
    writer = spawn('sh', ['-c', `sleep 3; echo x > ${fifo}`], { stdio: 'ignore' });
    await post('/admin/v1/plugins', { type: 'HTTPServer', config: { plugin_name: 'f-srv', port: 0 } });
    await post('/admin/v1/plugins', { type: 'HTTPInput', config: { plugin_name: 'f-in', server_name: 'f-srv', path: '/f' } });
    const t0 = Date.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const created = await post('/admin/v1/plugins', { type: 'TokenValidator', config: { plugin_name: 'f-tv', keys: [{ kid: 'k', alg: 'EdDSA', public_key_file: fifo }] } });
    expect(created.status).toBe(201);
    const r = await post('/admin/v1/pipelines', { type: 'LinearPipeline', config: { pipeline_name: 'f', plugin_names: ['f-srv', 'f-in', 'f-tv'] } });
    clearInterval(ticker);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'GW_VALIDATION', field: 'config.keys.0.public_key_file', message: expect.stringContaining('not a regular file') });
  });

  it.each([
    [{ method: 'GET\r\nX-Injected: 1' }, 'config.method'],
    [{ method: 'GE T' }, 'config.method'],
    [{ header_patterns: { 'x-a\r\nx-b': 'v' } }, 'config.header_patterns.x-a\r\nx-b'],
    [{ header_patterns: { 'bad name': 'v' } }, 'config.header_patterns.bad name'],
    [{ header_patterns: { 'x-a': 'v\r\nX-Injected: 1' } }, 'config.header_patterns.x-a'],
    [{ header_patterns: { 'x-a': 'nul\u0000' } }, 'config.header_patterns.x-a'],
  ])('HTTPOutput %j is refused at config time', async (over, field) => {
    const before = await diskState(dir);
    const r = await post('/admin/v1/plugins', { type: 'HTTPOutput', config: { plugin_name: 'o', url_pattern: 'http://127.0.0.1:1/x', method: 'GET', ...over } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'GW_VALIDATION', field });
    expect(await diskState(dir)).toEqual(before);
  });

  it('an HTTPRedirect replacement that would split the Location header is refused', async () => {
    const r = await post('/admin/v1/plugins', { type: 'HTTPRedirect', config: { plugin_name: 'r', match: '^/a', replacement: '/b\r\nSet-Cookie: x=1' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'GW_VALIDATION', field: 'config.replacement' });
  });

  it.each([
    ['ThroughputRateLimiter', { tps: '9'.repeat(400) }, 'config.tps'],
    ['ThroughputRateLimiter', { tps: '1.' + '5'.repeat(40) }, 'config.tps'],
    ['HTTPServer', { max_body_bytes: 1e20 }, 'config.max_body_bytes'],
    ['HTTPServer', { max_request_headers: 1e9 }, 'config.max_request_headers'],
    ['HTTPOutput', { url_pattern: 'http://127.0.0.1:1/x', method: 'GET', expected_response_codes: Array.from({ length: 501 }, (_, i) => 100 + i) }, 'config.expected_response_codes'],
    ['HTTPInput', { server_name: 's', path: '/x', headers_enum: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`h${i}`, ['v']])) }, 'config.headers_enum'],
  ])('%s: an oversized option is refused', async (type, over, field) => {
    const r = await post('/admin/v1/plugins', { type, config: { plugin_name: 'b', ...over } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'GW_VALIDATION', field });
  });

  it('every plugin and pipeline schema bounds its numbers, strings, lists and maps', async () => {
    const types = await api(gw.adminUrl, 'GET', '/admin/v1/plugin-types');
    const pipelines = await api(gw.adminUrl, 'GET', '/admin/v1/pipeline-types');
    const problems: string[] = [];
    for (const t of [...types.body.plugin_types, ...pipelines.body.pipeline_types] as { type: string; schema: JSONSchema }[]) {
      unbounded(t.schema, t.type, problems);
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['32 zero bytes', Buffer.alloc(32)],
    ['one byte repeated', Buffer.alloc(48, 7)],
    ['a counting sequence', Buffer.from(Array.from({ length: 32 }, (_, i) => i))],
    ['few distinct bytes', Buffer.from('abababababababababababababababab')],
  ])('refuses an HS256 secret with no entropy (%s)', async (_what, raw) => {
    const r = await post('/admin/v1/plugins', {
      type: 'TokenValidator',
      config: { plugin_name: 'hs', algorithms: ['HS256'], keys: [{ kid: 'h', alg: 'HS256', secret: raw.toString('base64url') }] },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'GW_VALIDATION', field: 'config.keys.0' });
    expect(r.body.message).toContain('entropy');
  });
});
