import { DEFAULT_PREFIX, REPORT_BODY_TTL_SEC, STATS_QUEUE } from '@gatehouse/stats-wire';
import { statsShippingOptionsFromEnv } from '../../src/stats-shipping/stats-shipping-options';

describe('stats shipping settings', () => {
  const cluster = { redisUrl: 'redis://c:6379', group: 'blue', mode: 'read' as const, nodeName: 'gw-9' };

  it('are off in the embedded mode, on with GATEWAY_STATS_REDIS_URL or in the cluster mode', () => {
    expect(statsShippingOptionsFromEnv({}, 9090, undefined)).toBeUndefined();
    expect(statsShippingOptionsFromEnv({ GATEWAY_STATS_REDIS_URL: 'redis://s:6379', GATEWAY_NODE_NAME: 'gw-1' }, 9090, undefined)).toEqual({
      redisUrl: 'redis://s:6379',
      group: 'default',
      nodeName: 'gw-1',
      bufferTicks: 720,
      keyPrefix: 'gatehouse:stats',
      queueName: 'gatehouse-stats',
      bodyTtlSec: 7200,
    });
    expect(statsShippingOptionsFromEnv({ GATEWAY_CLUSTER_GROUP: 'red' }, 9090, cluster)).toMatchObject({ redisUrl: 'redis://c:6379', group: 'blue', nodeName: 'gw-9' });
    expect(statsShippingOptionsFromEnv({ GATEWAY_STATS_REDIS_URL: 'redis://s:1', GATEWAY_CLUSTER_GROUP: 'red' }, 9090, undefined)).toMatchObject({ group: 'red' });
  });

  it('take GATEWAY_STATS_KEY_PREFIX for the body keys and the cluster reader, by the worker\'s STATS_KEY_PREFIX rule', () => {
    const on = { GATEWAY_STATS_REDIS_URL: 'redis://s:6379' };
    expect(statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_KEY_PREFIX: '' }, 9090, undefined)).toMatchObject({ keyPrefix: DEFAULT_PREFIX });
    expect(statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_KEY_PREFIX: 'eu-1:gh_stats.v2' }, 9090, undefined)).toMatchObject({ keyPrefix: 'eu-1:gh_stats.v2' });
    expect(statsShippingOptionsFromEnv({ GATEWAY_STATS_KEY_PREFIX: 'eu-1:stats' }, 9090, cluster)).toMatchObject({ redisUrl: 'redis://c:6379', keyPrefix: 'eu-1:stats' });
    for (const bad of ['gh:{eu}', 'x'.repeat(65), 'gh stats']) {
      expect(() => statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_KEY_PREFIX: bad }, 9090, undefined)).toThrow(
        expect.objectContaining({ code: 'GW_BAD_REQUEST', field: 'GATEWAY_STATS_KEY_PREFIX', message: expect.stringMatching(/^GATEWAY_STATS_KEY_PREFIX must be 1-64 letters/) }),
      );
    }
  });

  it('take GATEWAY_STATS_QUEUE for the BullMQ queue the reports go to, by the worker\'s STATS_QUEUE rule', () => {
    const on = { GATEWAY_STATS_REDIS_URL: 'redis://s:6379' };
    expect(statsShippingOptionsFromEnv(on, 9090, undefined)).toMatchObject({ queueName: STATS_QUEUE });
    expect(statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_QUEUE: '' }, 9090, undefined)).toMatchObject({ queueName: STATS_QUEUE });
    expect(statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_QUEUE: 'eu-1_stats.v2' }, 9090, undefined)).toMatchObject({ queueName: 'eu-1_stats.v2' });
    expect(statsShippingOptionsFromEnv({ GATEWAY_STATS_QUEUE: 'eu-1-stats' }, 9090, cluster)).toMatchObject({ redisUrl: 'redis://c:6379', queueName: 'eu-1-stats' });
    for (const bad of ['eu:stats', 'x'.repeat(65), 'gh stats', 'gh{x}']) {
      expect(() => statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_QUEUE: bad }, 9090, undefined)).toThrow(
        expect.objectContaining({
          code: 'GW_BAD_REQUEST',
          field: 'GATEWAY_STATS_QUEUE',
          message: `GATEWAY_STATS_QUEUE must be 1-64 letters, digits, "_", "." or "-" (BullMQ refuses ":") (the stats worker's STATS_QUEUE), got ${JSON.stringify(bad)}`,
        }),
      );
    }
  });

  it('take GATEWAY_STATS_BODY_TTL_SEC for how long a report body waits for a worker, 60 s to 7 days', () => {
    const on = { GATEWAY_STATS_REDIS_URL: 'redis://s:6379' };
    expect(statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_BODY_TTL_SEC: '' }, 9090, undefined)).toMatchObject({ bodyTtlSec: REPORT_BODY_TTL_SEC });
    expect(statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_BODY_TTL_SEC: '86400' }, 9090, undefined)).toMatchObject({ bodyTtlSec: 86_400 });
    expect(statsShippingOptionsFromEnv({ GATEWAY_STATS_BODY_TTL_SEC: '60' }, 9090, cluster)).toMatchObject({ bodyTtlSec: 60 });
    for (const bad of ['59', '604801', '1e4', '3600.5', '-1', ' 600', '0x100']) {
      expect(() => statsShippingOptionsFromEnv({ ...on, GATEWAY_STATS_BODY_TTL_SEC: bad }, 9090, undefined)).toThrow(
        expect.objectContaining({ code: 'GW_BAD_REQUEST', field: 'GATEWAY_STATS_BODY_TTL_SEC', message: `GATEWAY_STATS_BODY_TTL_SEC must be an integer 60-604800 (seconds), got ${JSON.stringify(bad)}` }),
      );
    }
  });

  it('refuse bad values naming the variable', () => {
    expect(() => statsShippingOptionsFromEnv({ GATEWAY_STATS_REDIS_URL: 'http://x' }, 9090, undefined)).toThrow(/GATEWAY_STATS_REDIS_URL/);
    expect(() => statsShippingOptionsFromEnv({ GATEWAY_STATS_REDIS_URL: 'redis://x', GATEWAY_CLUSTER_GROUP: 'a:b' }, 9090, undefined)).toThrow(/GATEWAY_CLUSTER_GROUP/);
    expect(() => statsShippingOptionsFromEnv({ GATEWAY_STATS_REDIS_URL: 'redis://x', GATEWAY_STATS_BUFFER_TICKS: '0' }, 9090, undefined)).toThrow(/GATEWAY_STATS_BUFFER_TICKS/);
  });
});
