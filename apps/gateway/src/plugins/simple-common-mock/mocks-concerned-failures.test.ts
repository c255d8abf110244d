import { request } from 'undici';
import { ManualClock } from '../../engine/clock';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

/** server → input → mock → limiter (tps 0: every request fails 429) → a step that marks the task. */
async function degradedRoute(gw: Gateway, mock: Record<string, unknown>): Promise<string> {
  await createPipeline(gw, 'deg', [
    serverSpec('srv'),
    inputSpec('in', 'srv', { path: '/d', response_body_buffer_key: 'HTTP_RESP_BODY_BUF' }),
    { type: 'SimpleCommonMock', config: { plugin_name: 'mock', plugins_concerned: ['lim'], task_error_codes_concerned: ['ResultFlowControl'], ...mock } },
    { type: 'ThroughputRateLimiter', config: { plugin_name: 'lim', tps: '0' } },
    { type: 'TestStep', config: { plugin_name: 'after', action: 'set', key: 'HTTP_RESP_BODY_BUF', value: 'backend reached' } },
  ]);
  return `http://127.0.0.1:${serverPort(gw, 'deg')}/d`;
}

describe('SimpleCommonMock', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startTestGateway({ clock: new ManualClock() });
  });
  afterEach(() => gw.stop());

  it('answers a concerned failure with the mock status, body and headers, without running on', async () => {
    const url = await degradedRoute(gw, { mock_status: 203, mock_body: '{"items":[]}', mock_headers: { 'Content-Type': 'application/json', 'X-Degraded': '1' } });
    const res = await request(url);
    expect(res.statusCode).toBe(203);
    expect(res.headers['x-degraded']).toBe('1');
    expect(res.headers['content-type']).toBe('application/json');
    expect(await res.body.text()).toBe('{"items":[]}');
  });

  it('runs on with the next plugin when finish_after_mock is false (Ease Gateway)', async () => {
    const url = await degradedRoute(gw, { finish_after_mock: false, mock_body: 'mocked' });
    const res = await request(url);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('backend reached');
  });

  it('leaves other result codes failed', async () => {
    const url = await degradedRoute(gw, { task_error_codes_concerned: ['ResultServiceUnavailable'], mock_body: 'mocked' });
    const res = await request(url);
    expect(res.statusCode).toBe(429);
    expect(JSON.parse(await res.body.text())).toMatchObject({ code: 'GW_FLOW_CONTROL' });
  });

  it('refuses a bad config or a place after the plugins it mocks, naming the field', async () => {
    const mock = (config: Record<string, unknown>) =>
      gw.createPlugin({ type: 'SimpleCommonMock', config: { plugin_name: 'm', plugins_concerned: ['x'], task_error_codes_concerned: ['ResultFlowControl'], ...config } });
    await expect(mock({ task_error_codes_concerned: ['429'] })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.task_error_codes_concerned.0' });
    await expect(mock({ plugins_concerned: [] })).rejects.toMatchObject({ field: 'config.plugins_concerned' });
    await expect(mock({ mock_headers: { 'bad header': 'x' } })).rejects.toMatchObject({ field: 'config.mock_headers.bad header' });
    await expect(mock({ mock_headers: { 'x-a': 'line\r\nbreak' } })).rejects.toMatchObject({ field: 'config.mock_headers.x-a' });
    await expect(mock({ mock_status: 99 })).rejects.toMatchObject({ field: 'config.mock_status' });
    await gw.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: 'lim2', tps: '1' } });
    await gw.createPlugin({ type: 'SimpleCommonMock', config: { plugin_name: 'late', plugins_concerned: ['lim2'], task_error_codes_concerned: ['ResultFlowControl'] } });
    await gw.createPlugin(serverSpec('s2'));
    await gw.createPlugin(inputSpec('i2', 's2', { path: '/x' }));
    await expect(gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'bad', plugin_names: ['s2', 'i2', 'lim2', 'late'] } })).rejects.toMatchObject({
      field: 'config.plugin_names.3',
    });
  });
});
