import type { RunningGateway } from '../../src/bootstrap';
import { api, startGateway } from './harness';

/** Each traffic-control plugin's bad config is a 400 naming the field, and nothing is created. */
const CASES: { type: string; config: Record<string, unknown>; field: string }[] = [
  { type: 'LatencyWindowLimiter', config: {}, field: 'config.plugins_concerned' },
  { type: 'LatencyWindowLimiter', config: { plugins_concerned: [] }, field: 'config.plugins_concerned' },
  { type: 'LatencyWindowLimiter', config: { plugins_concerned: ['../etc'] }, field: 'config.plugins_concerned.0' },
  { type: 'LatencyWindowLimiter', config: { plugins_concerned: Array.from({ length: 17 }, (_, i) => `p${i}`) }, field: 'config.plugins_concerned' },
  { type: 'LatencyWindowLimiter', config: { plugins_concerned: ['b'], probe_percentage: 100 }, field: 'config.probe_percentage' },
  { type: 'LatencyWindowLimiter', config: { plugins_concerned: ['b'], backoff_timeout_msec: 10001 }, field: 'config.backoff_timeout_msec' },
  { type: 'LatencyWindowLimiter', config: { plugins_concerned: ['b'], latency_threshold_msec: 0 }, field: 'config.latency_threshold_msec' },
  { type: 'LatencyWindowLimiter', config: { plugins_concerned: ['b'], allow_msec: 1.5 }, field: 'config.allow_msec' },
  { type: 'ServiceCircuitBreaker', config: {}, field: 'config.plugins_concerned' },
  { type: 'ServiceCircuitBreaker', config: { plugins_concerned: ['b', 'b'] }, field: 'config.plugins_concerned' },
  { type: 'ServiceCircuitBreaker', config: { plugins_concerned: ['b'], failure_tps_threshold_to_break: 0 }, field: 'config.failure_tps_threshold_to_break' },
  { type: 'ServiceCircuitBreaker', config: { plugins_concerned: ['b'], failure_tps_percent_threshold_to_break: 101 }, field: 'config.failure_tps_percent_threshold_to_break' },
  { type: 'ServiceCircuitBreaker', config: { plugins_concerned: ['b'], half_open_permitted_calls: 0 }, field: 'config.half_open_permitted_calls' },
  { type: 'ServiceCircuitBreaker', config: { plugins_concerned: ['b'], half_open_dwell_msec: 3600001 }, field: 'config.half_open_dwell_msec' },
  { type: 'ServiceCircuitBreaker', config: { plugins_concerned: ['b'], slow_call_duration_msec: -1 }, field: 'config.slow_call_duration_msec' },
  { type: 'ServiceCircuitBreaker', config: { plugins_concerned: ['b'], recovery_time_msec: '1000' }, field: 'config.recovery_time_msec' },
  { type: 'StaticProbabilityLimiter', config: {}, field: 'config.pass_pr' },
  { type: 'StaticProbabilityLimiter', config: { pass_pr: 1.01 }, field: 'config.pass_pr' },
  { type: 'StaticProbabilityLimiter', config: { pass_pr: -0.1 }, field: 'config.pass_pr' },
  { type: 'StaticProbabilityLimiter', config: { pass_pr: '0.5' }, field: 'config.pass_pr' },
  { type: 'NoMoreFailureLimiter', config: { failure_task_data_value: '410' }, field: 'config.failure_task_data_key' },
  { type: 'NoMoreFailureLimiter', config: { failure_task_data_key: 'S' }, field: 'config.failure_task_data_value' },
  { type: 'NoMoreFailureLimiter', config: { failure_task_data_key: '', failure_task_data_value: '410' }, field: 'config.failure_task_data_key' },
  { type: 'NoMoreFailureLimiter', config: { failure_task_data_key: 'S', failure_task_data_value: '410', failure_count_threshold: 0 }, field: 'config.failure_count_threshold' },
  { type: 'NoMoreFailureLimiter', config: { failure_task_data_key: 'S', failure_task_data_value: 'x'.repeat(1025) }, field: 'config.failure_task_data_value' },
];

describe('admin API: traffic-control plugins refuse bad config with 400 naming the field', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({});
  });
  afterAll(() => gw.close());

  it.each(CASES.map((c) => [c.type, JSON.stringify(c.config), c] as const))('%s %s', async (_type, _json, c) => {
    const res = await api(gw.adminUrl, 'POST', '/admin/v1/plugins', { type: c.type, config: { plugin_name: 'tc', ...c.config } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'GW_VALIDATION', field: c.field });
    expect((await api(gw.adminUrl, 'GET', '/admin/v1/plugins/tc')).status).toBe(404);
  });
});
