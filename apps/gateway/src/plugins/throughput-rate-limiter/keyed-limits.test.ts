import { limiterUnderTest } from '../../../test/support/limiter';
import type { LocalBuckets } from './local-buckets';

describe('ThroughputRateLimiter keyed by a task value (local policy)', () => {
  it('gives each value of limit_by_key its own bucket', async () => {
    const { run } = limiterUnderTest('1', 0, { limit_by_key: 'REMOTE_ADDR' });
    const a = [await run({ REMOTE_ADDR: '10.0.0.1' }).passed, await run({ REMOTE_ADDR: '10.0.0.1' }).passed, await run({ REMOTE_ADDR: '10.0.0.1' }).passed];
    const b = [await run({ REMOTE_ADDR: '10.0.0.2' }).passed, await run({ REMOTE_ADDR: '10.0.0.2' }).passed, await run({ REMOTE_ADDR: '10.0.0.2' }).passed];
    expect(a).toEqual([true, true, false]);
    expect(b).toEqual([true, true, false]);
  });

  it('makes requests without the value share one bucket rather than escape the limit', async () => {
    const { run } = limiterUnderTest('1', 0, { limit_by_key: 'X_UID' });
    const results = [await run().passed, await run({ X_UID: '' }).passed, await run().passed];
    expect(results).toEqual([true, true, false]);
  });

  it('keeps at most max_keys buckets under 100,000 distinct keys, forgetting the least recently seen', async () => {
    const { run, ctx } = limiterUnderTest('1', 0, { limit_by_key: 'HTTP_X_API_KEY', max_keys: 1000 });
    await run({ HTTP_X_API_KEY: 'hot' }).passed;
    await run({ HTTP_X_API_KEY: 'hot' }).passed;
    for (let i = 0; i < 100_000; i++) {
      run({ HTTP_X_API_KEY: `k${i}` });
      if (i % 500 === 0) expect(await run({ HTTP_X_API_KEY: 'hot' }).passed).toBe(false); // kept: recently seen
    }
    const buckets = ctx.dataBucket('lim', '0').queryData('keyed-token-buckets') as LocalBuckets;
    expect(buckets.size).toBe(1000);
    expect(await run({ HTTP_X_API_KEY: 'k0' }).passed).toBe(true); // forgotten long ago: a fresh bucket
  });
});
