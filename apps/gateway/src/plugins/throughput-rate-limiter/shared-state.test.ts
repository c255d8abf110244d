import { request } from 'undici';
import { ManualClock } from '../../engine/clock';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';

describe('ThroughputRateLimiter in a pipeline', () => {
  let gw: Gateway;
  const clock = new ManualClock();
  afterEach(() => gw.stop());

  it('concurrent requests draw from one bucket: exactly the burst passes, the rest get 429', async () => {
    gw = await startTestGateway({ clock });
    await createPipeline(gw, 'lim', [
      serverSpec('srv'),
      inputSpec('in', 'srv', { path: '/l', response_body_buffer_key: 'ECHO' }),
      { type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '3', timeout_msec: 0 } },
      echoSpec('e', []),
    ]);
    const url = `http://127.0.0.1:${serverPort(gw, 'lim')}/l`;
    const responses = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const res = await request(url);
        return { status: res.statusCode, body: await res.body.text() };
      }),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
    expect(JSON.parse(responses.find((r) => r.status === 429)!.body)).toMatchObject({ code: 'GW_FLOW_CONTROL' });

    clock.advance(1000);
    const statuses2 = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const res = await request(url);
        await res.body.text();
        return res.statusCode;
      }),
    );
    expect(statuses2.filter((s) => s === 200)).toHaveLength(3);
  });

  it('refuses a malformed tps or timeout, naming the field', async () => {
    gw = await startTestGateway({ clock });
    const lim = (config: Record<string, unknown>) => gw.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: 'x', tps: '1', ...config } });
    await expect(lim({ tps: 'fast' })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.tps' });
    await expect(lim({ tps: -1 })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.tps' });
    await expect(lim({ tps: '-2' })).rejects.toMatchObject({ field: 'config.tps' });
    await expect(lim({ timeout_msec: -5 })).rejects.toMatchObject({ field: 'config.timeout_msec' });
    await expect(gw.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: 'x' } })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.tps' });
    await expect(lim({ tps: '', policy: 'redis' })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.window_limit' });
    await expect(lim({ policy: 'redis', window_limit: 5 })).rejects.toMatchObject({ code: 'GW_VALIDATION', field: 'config.tps' });
    await expect(lim({ policy: 'cluster' })).rejects.toMatchObject({ field: 'config.policy' });
    await expect(lim({ max_keys: 0 })).rejects.toMatchObject({ field: 'config.max_keys' });
    await expect(lim({ tps: '', policy: 'redis', window_limit: 5, redis_url: 'http://x' })).rejects.toMatchObject({ field: 'config.redis_url' });
    await expect(lim({ tps: '', policy: 'redis', window_limit: 5, redis_failure: 'maybe' })).rejects.toMatchObject({ field: 'config.redis_failure' });
    expect((await lim({})).config['timeout_msec']).toBe(200);
  });
});
