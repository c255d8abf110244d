import { DEFAULT_PREFIX, STATS_QUEUE } from '@gatehouse/stats-wire';
import { loadConfig } from '../src/config/worker-config';

// The names the worker shares with the gateway follow the rules in stats-wire, word for word.
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

describe('STATS_QUEUE', () => {
  it('defaults to the queue the gateway ships to, and takes another that passes the shared rule', () => {
    expect(loadConfig({}).consumer.queueName).toBe(STATS_QUEUE);
    expect(loadConfig({ STATS_QUEUE: 'eu-1_stats.v2' }).consumer.queueName).toBe('eu-1_stats.v2');
  });

  it('refuses a queue name with ":" as STATS_BAD_CONFIG naming the variable', () => {
    expect(() => loadConfig({ STATS_QUEUE: 'eu:stats' })).toThrow(
      expect.objectContaining({ code: 'STATS_BAD_CONFIG', field: 'STATS_QUEUE', message: 'STATS_QUEUE must be 1-64 letters, digits, "_", "." or "-" (BullMQ refuses ":")' }),
    );
  });
});
