import { isQueueName, STATS_QUEUE } from '../src';

describe('stats queue names (one rule for the gateway and the worker)', () => {
  it('accepts the default and 1-64 letters, digits, "_", "." or "-"', () => {
    for (const ok of [STATS_QUEUE, 'a', 'eu-1_stats.v2', 'x'.repeat(64)]) expect({ ok, is: isQueueName(ok) }).toEqual({ ok, is: true });
  });

  it('refuses empty, too long, ":" (BullMQ\'s key separator) and other characters', () => {
    for (const bad of ['', 'x'.repeat(65), 'eu:stats', 'gh stats', 'gh/stats', 'gh{x}', 'stats\n']) expect({ bad, is: isQueueName(bad) }).toEqual({ bad, is: false });
  });
});
