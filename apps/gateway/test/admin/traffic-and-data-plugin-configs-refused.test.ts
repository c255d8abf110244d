import type { RunningGateway } from '../../src/bootstrap';
import { api, startGateway } from './harness';

/** One bad config of each issue-10 plugin kind: the admin API answers 400 naming the field, and keeps nothing. */
const cases: { kind: string; config: Record<string, unknown>; field: string }[] = [
  { kind: 'ThroughputRateLimiter', config: { policy: 'redis', window_limit: 0 }, field: 'config.window_limit' },
  { kind: 'ThroughputRateLimiter', config: { tps: '1', limit_by_key: 'x'.repeat(200) }, field: 'config.limit_by_key' },
  { kind: 'ThroughputRateLimiter', config: { policy: 'redis', window_limit: 10, redis_failure: 'sometimes' }, field: 'config.redis_failure' },
  { kind: 'SimpleCommonCache', config: { hit_keys: [], cache_key: 'B' }, field: 'config.hit_keys' },
  { kind: 'SimpleCommonCache', config: { hit_keys: ['A'], cache_key: 'B', ttl_sec: 0 }, field: 'config.ttl_sec' },
  { kind: 'SimpleCommonCache', config: { hit_keys: ['A'], cache_key: 'B', max_bytes: 4096, max_entry_bytes: 8192 }, field: 'config.max_entry_bytes' },
  { kind: 'SimpleCommonMock', config: { plugins_concerned: ['x'], task_error_codes_concerned: ['ResultTeapot'] }, field: 'config.task_error_codes_concerned.0' },
  { kind: 'SimpleCommonMock', config: { plugins_concerned: ['x'], task_error_codes_concerned: ['ResultFlowControl'], mock_headers: { 'a b': 'c' } }, field: 'config.mock_headers.a b' },
  { kind: 'JSONValidator', config: { data_key: 'B', schema: { type: 'object', propertiez: {} } }, field: 'config.schema' },
  { kind: 'JSONValidator', config: { data_key: 'B', schema: '{not json' }, field: 'config.schema' },
  { kind: 'JSONValidator', config: { data_key: 'B', schema: { type: 'string', pattern: '(?<=a)b' } }, field: 'config.schema' },
  { kind: 'IOReader', config: { input_key: 'A', output_key: 'B', base64_coding: 'hex' }, field: 'config.base64_coding' },
  { kind: 'IOReader', config: { input_key: 'A', output_key: 'B', read_length_max: 0 }, field: 'config.read_length_max' },
  { kind: 'HTTPHeaderCounter', config: { header_concerned: 'bad header', expiration_sec: 10 }, field: 'config.header_concerned' },
  { kind: 'HTTPHeaderCounter', config: { header_concerned: 'X-Id' }, field: 'config.expiration_sec' },
];

describe('admin API: bad configs of the traffic and data plugins', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({});
  });
  afterAll(() => gw.close());

  it.each(cases)('$kind $field → 400 naming the field', async ({ kind, config, field }) => {
    const res = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', { type: kind, config: { plugin_name: 'bad-one', ...config } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'GW_VALIDATION', field });
    expect(gw.gateway.model.getPlugin('bad-one')).toBeUndefined();
  });
});
