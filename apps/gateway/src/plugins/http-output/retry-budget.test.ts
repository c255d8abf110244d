import { ManualClock } from '../../engine/clock';
import { RetryBudget } from './retry-budget';

describe('RetryBudget (Envoy-style, sliding window on the injected clock)', () => {
  it('allows retries up to the percentage of requests in the window, never below the minimum', () => {
    const clock = new ManualClock();
    const b = new RetryBudget(clock, 20, 10_000, 3);
    expect([b.tryRetry(), b.tryRetry(), b.tryRetry(), b.tryRetry()]).toEqual([true, true, true, false]);
    for (let i = 0; i < 100; i++) b.noteRequest();
    let granted = 3;
    while (b.tryRetry()) granted++;
    expect(granted).toBe(20);
    expect(b.usage()).toEqual({ requests: 100, retries: 20 });
  });

  it('slides: requests and retries older than the window stop counting', () => {
    const clock = new ManualClock();
    const b = new RetryBudget(clock, 20, 10_000, 0);
    for (let i = 0; i < 50; i++) b.noteRequest();
    while (b.tryRetry());
    expect(b.usage().retries).toBe(10);
    clock.advance(5_000);
    for (let i = 0; i < 50; i++) b.noteRequest();
    expect(b.tryRetry()).toBe(true); // 100 requests → 20 allowed, 10 used
    clock.advance(5_000); // the first 50 requests and their 10 retries leave the window
    expect(b.usage()).toEqual({ requests: 50, retries: 1 });
    clock.advance(20_000);
    expect(b.usage()).toEqual({ requests: 0, retries: 0 });
    expect(b.tryRetry()).toBe(false);
  });
});
