import { optionsFromEnv } from '../../src/bootstrap';

describe('GATEWAY_DRAIN_TIMEOUT_SEC', () => {
  it('takes seconds (fractions too) up to 600', () => {
    expect(optionsFromEnv({ GATEWAY_DRAIN_TIMEOUT_SEC: '5' }).drainTimeoutMs).toBe(5000);
    expect(optionsFromEnv({ GATEWAY_DRAIN_TIMEOUT_SEC: '0.5' }).drainTimeoutMs).toBe(500);
    expect(optionsFromEnv({ GATEWAY_DRAIN_TIMEOUT_SEC: '600' }).drainTimeoutMs).toBe(600_000);
    expect(optionsFromEnv({}).drainTimeoutMs).toBeUndefined();
  });

  it.each(['-1', '601', 'ten', '1e3', ' 5'])('refuses %j naming the variable', (raw) => {
    expect(() => optionsFromEnv({ GATEWAY_DRAIN_TIMEOUT_SEC: raw })).toThrow(expect.objectContaining({ code: 'GW_BAD_REQUEST', field: 'GATEWAY_DRAIN_TIMEOUT_SEC' }));
  });
});
