import { DEFAULT_PREFIX } from '@gatehouse/stats-wire';
import { loadConfig } from '../src/config/worker-config';

describe('STATS_KEY_PREFIX', () => {
  it('defaults to the prefix the gateway writes under, and takes another that passes the shared rule', () => {
    expect(loadConfig({}).fold.prefix).toBe(DEFAULT_PREFIX);
    expect(loadConfig({ STATS_KEY_PREFIX: 'eu-1:stats' }).fold.prefix).toBe('eu-1:stats');
  });

  it('refuses a prefix with braces as STATS_BAD_CONFIG naming the variable', () => {
    expect(() => loadConfig({ STATS_KEY_PREFIX: 'gh:{eu}' })).toThrow(
      expect.objectContaining({ code: 'STATS_BAD_CONFIG', field: 'STATS_KEY_PREFIX', message: 'STATS_KEY_PREFIX must be 1-64 letters, digits, "_", ".", ":" or "-"' }),
    );
  });
});
