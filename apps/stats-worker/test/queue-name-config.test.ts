import { STATS_QUEUE } from '@gatehouse/stats-wire';
import { loadConfig } from '../src/config/worker-config';

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
