import { request } from 'undici';
import { ManualClock } from '../../engine/clock';
import type { Gateway } from '../../engine/gateway';
import { serverPort } from '../../../test/support/gateway';
import { createPipeline, echoSpec, inputSpec, serverSpec, startTestGateway } from '../../../test/support/harness';
import { limiterUnderTest } from '../../../test/support/limiter';
import { responseHeadersOf } from '../shared/response-headers';

describe('ThroughputRateLimiter rate-limit headers', () => {
  it('counts Remaining down to 0 and adds Retry-After only on 429 (local policy)', async () => {
    const { run, clock } = limiterUnderTest('2', 0);
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const r = run();
      await r.passed;
      seen.push(responseHeadersOf(r.task));
    }
    expect(seen.map((h) => h?.['x-ratelimit-limit'])).toEqual(['3', '3', '3', '3']);
    expect(seen.map((h) => h?.['x-ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    expect(seen.map((h) => h?.['retry-after'])).toEqual([undefined, undefined, undefined, '1']);
    expect(seen[2]?.['x-ratelimit-reset']).toBe('2'); // 3 tokens short at 2 per second
    clock.advance(500);
    const again = run();
    expect(await again.passed).toBe(true);
  });

  it('sends no headers with rate_limit_headers false', async () => {
    const { run } = limiterUnderTest('1', 0, { rate_limit_headers: false });
    const r = run();
    await r.passed;
    expect(responseHeadersOf(r.task)).toBeUndefined();
  });

  describe('through a gateway', () => {
    let gw: Gateway;
    afterEach(() => gw.stop());

    it('reach the client on the 200 and on the 429', async () => {
      gw = await startTestGateway({ clock: new ManualClock() });
      await createPipeline(gw, 'lim', [
        serverSpec('srv'),
        inputSpec('in', 'srv', { path: '/l', response_body_buffer_key: 'ECHO' }),
        { type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '1', timeout_msec: 0 } },
        echoSpec('e', []),
      ]);
      const url = `http://127.0.0.1:${serverPort(gw, 'lim')}/l`;
      const answers = [];
      for (let i = 0; i < 3; i++) {
        const res = await request(url);
        await res.body.text();
        answers.push({ status: res.statusCode, remaining: res.headers['x-ratelimit-remaining'], retry: res.headers['retry-after'] });
      }
      expect(answers).toEqual([
        { status: 200, remaining: '1', retry: undefined },
        { status: 200, remaining: '0', retry: undefined },
        { status: 429, remaining: '0', retry: '1' },
      ]);
    });
  });
});
