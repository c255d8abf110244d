import { pluginUnderTest } from '../../../test/support/plugin-under-test';
import { httpHeaderCounterPlugin } from './http-header-counter';
import type { RecentValues } from './recent-values';

const counter = (more: Record<string, unknown> = {}) =>
  pluginUnderTest(httpHeaderCounterPlugin.typed, { plugin_name: 'hc', header_concerned: 'X-Session-Id', expiration_sec: 60, ...more });

describe('HTTPHeaderCounter', () => {
  const indicator = (stats: ReturnType<typeof counter>['stats']) => stats.customIndicators('hc').find((i) => i.name === 'RECENT_HEADER_COUNT')!.value();

  it('counts distinct values seen within expiration_sec as RECENT_HEADER_COUNT', async () => {
    const { run, stats, clock } = counter();
    for (const v of ['a', 'b', 'a', 'c', 'b']) await run({ HTTP_X_SESSION_ID: v }).done;
    await run({}).done; // no header: not counted
    expect(indicator(stats)).toBe(3);
    clock.advance(30_000);
    await run({ HTTP_X_SESSION_ID: 'a' }).done; // renews a
    clock.advance(30_000); // b and c last seen 60 s ago: expired
    expect(indicator(stats)).toBe(1);
    clock.advance(30_000);
    expect(indicator(stats)).toBe(0);
  });

  it('stays within max_values under 100,000 distinct values, long ones kept by hash', async () => {
    const { run, stats, ctx, clock } = counter({ max_values: 10_000 });
    for (let i = 0; i < 100_000; i++) {
      run({ HTTP_X_SESSION_ID: i % 2 === 0 ? `s${i}` : `${'x'.repeat(4096)}${i}` });
      if (i % 1000 === 0) clock.advance(1);
    }
    expect(indicator(stats)).toBe(10_000);
    const values = ctx.dataBucket('hc', '0').queryData('recent-values') as RecentValues;
    const keys = [...values.keys()];
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(64);
    await run({ HTTP_X_SESSION_ID: 'late' }).done;
    expect(indicator(stats)).toBe(10_000);
  });

  it('refuses a header name that is not an HTTP token, or no expiration', () => {
    expect(() => counter({ header_concerned: 'X Session' })).toThrow(/config.header_concerned/);
    expect(() => counter({ expiration_sec: 0 })).toThrow(/config.expiration_sec/);
  });
});
