import type { Gateway } from '../../src/engine/gateway';
import { startTestGateway } from '../support/harness';

describe('config validation names the field and the reason', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(() => gw.stop());

  it('refuses an unknown plugin or pipeline type', async () => {
    await expect(gw.createPlugin({ type: 'NoSuchPlugin', config: { plugin_name: 'x' } })).rejects.toMatchObject({
      code: 'GW_UNKNOWN_TYPE',
      field: 'type',
    });
    await expect(gw.createPipeline({ type: 'TreePipeline', config: { pipeline_name: 'x', plugin_names: ['a'] } })).rejects.toMatchObject({
      code: 'GW_UNKNOWN_TYPE',
      field: 'type',
    });
  });

  it('refuses a body that is not {type, config}', async () => {
    await expect(gw.createPlugin(null)).rejects.toMatchObject({ code: 'GW_BAD_REQUEST' });
    await expect(gw.createPlugin([])).rejects.toMatchObject({ code: 'GW_BAD_REQUEST' });
    await expect(gw.createPlugin({ type: 'TestStep', config: {}, extra: 1 })).rejects.toMatchObject({ code: 'GW_BAD_REQUEST', field: 'extra' });
    await expect(gw.createPlugin({ type: 3, config: {} })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'type' });
    await expect(gw.createPlugin({ type: 'TestStep', config: 'x' })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config' });
  });

  it('names a missing required field', async () => {
    await expect(gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'out', method: 'GET' } })).rejects.toMatchObject({
      code: 'GW_VALIDATION',
      field: 'config.url_pattern',
      message: expect.stringContaining('is required'),
    });
  });

  it('names a field of the wrong type, nested ones by their dotted path', async () => {
    await expect(gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 's', port: '80' } })).rejects.toMatchObject({
      code: 'GW_VALIDATION',
      field: 'config.port',
    });
    await expect(gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 's', port: 70000 } })).rejects.toMatchObject({
      field: 'config.port',
    });
    await expect(
      gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'o', url_pattern: 'http://a.b/', method: 'GET', header_patterns: { 'x-a': 5 } } }),
    ).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.header_patterns.x-a' });
    await expect(
      gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'i', server_name: 's', path: '/a', methods: ['FETCH'] } }),
    ).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.methods.0', message: expect.stringContaining('must be one of') });
  });

  it('names an unknown option', async () => {
    await expect(gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 's', prot: 80 } })).rejects.toMatchObject({
      code: 'GW_VALIDATION',
      field: 'config.prot',
      message: expect.stringContaining('not a known option'),
    });
  });

  it('fills defaults and does not alter the caller object', async () => {
    const input = { type: 'HTTPServer', config: { plugin_name: 's', port: 0 } };
    const spec = await gw.createPlugin(input);
    expect(spec.config).toMatchObject({ host: '127.0.0.1', keepalive: true, keepalive_sec: 10, max_connections: 10240, max_header_bytes: 16384 });
    expect(input.config).toEqual({ plugin_name: 's', port: 0 });
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'st', action: 'mark' } });
    const pipe = await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['st'] } });
    expect(pipe.config).toMatchObject({ parallelism: 0, max_wait_queue_length: 10240 });
  });

  it('refuses a pipeline listing an unknown plugin, naming its index', async () => {
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'known', action: 'mark' } });
    await expect(
      gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['known', 'unknown'] } }),
    ).rejects.toMatchObject({ code: 'GW_UNKNOWN_PLUGIN', status: 400, field: 'config.plugin_names.1' });
    expect(gw.listPipelines()).toEqual([]);
  });

  it('refuses an HTTPInput whose server is not earlier in the pipeline (GW_PIPELINE_ORDER)', async () => {
    await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'srv', port: 0 } });
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'srv', path: '/a' } });
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in2', server_name: 'in', path: '/b' } });
    await expect(
      gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['in', 'srv'] } }),
    ).rejects.toMatchObject({ code: 'GW_PIPELINE_ORDER', field: 'config.plugin_names.0' });
    await expect(gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['in'] } })).rejects.toMatchObject({
      code: 'GW_PIPELINE_ORDER',
    });
    await expect(
      gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['srv', 'in', 'in2'] } }),
    ).rejects.toMatchObject({ code: 'GW_PIPELINE_ORDER', field: 'config.plugin_names.2' });
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['srv', 'in'] } });
    expect(gw.listPipelines().map((p) => p.config.pipeline_name)).toEqual(['p']);
  });

  it('refuses pipeline config errors: empty or repeated plugin_names, negative parallelism', async () => {
    await gw.createPlugin({ type: 'TestStep', config: { plugin_name: 'a', action: 'mark' } });
    const bad = (config: Record<string, unknown>) => gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', ...config } });
    await expect(bad({ plugin_names: [] })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.plugin_names' });
    await expect(bad({ plugin_names: ['a', 'a'] })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.plugin_names' });
    await expect(bad({ plugin_names: ['a'], parallelism: -1 })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.parallelism' });
    await expect(bad({})).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.plugin_names' });
  });

  it('lists each plugin type with its JSON schema', () => {
    const types = gw.model.pluginTypes().map((t) => t.type);
    expect(types).toEqual(expect.arrayContaining(['HTTPServer', 'HTTPInput', 'HTTPOutput', 'HTTPRedirect', 'ThroughputRateLimiter']));
    for (const t of gw.model.pluginTypes()) expect(t.schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['plugin_name']) });
  });
});
