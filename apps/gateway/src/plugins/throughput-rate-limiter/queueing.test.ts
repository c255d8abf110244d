import { flush, limiterUnderTest } from '../../../test/support/limiter';

describe('ThroughputRateLimiter timeout_msec queueing (ManualClock)', () => {
  it('timeout_msec > 0 queues a request until its token is due, then passes it', async () => {
    const { run, clock } = limiterUnderTest('10', 250);
    for (let i = 0; i < 11; i++) await run().passed;
    const queued = run();
    expect(queued.waited).toBe(true);
    clock.advance(99);
    await flush();
    expect(queued.isSettled()).toBe(false);
    clock.advance(1);
    expect(await queued.passed).toBe(true);
  });

  it('rejects at once with 429 when the predicted wait exceeds timeout_msec', async () => {
    const { run, clock } = limiterUnderTest('10', 250);
    for (let i = 0; i < 11; i++) await run().passed;
    const a = run(); // due in 100 ms
    const b = run(); // due in 200 ms
    const c = run(); // would be due in 300 ms > 250
    expect([a.waited, b.waited, c.waited]).toEqual([true, true, false]);
    expect(await c.passed).toBe(false);
    expect(c.task.error).toContain('queuing timeout');
    clock.advance(200);
    expect(await Promise.all([a.passed, b.passed])).toEqual([true, true]);
  });

  it('timeout_msec -1 waits as long as needed', async () => {
    const { run, clock } = limiterUnderTest('1', -1);
    await run().passed;
    await run().passed;
    const waits = Array.from({ length: 5 }, () => run());
    expect(waits.every((w) => w.waited)).toBe(true);
    clock.advance(4999);
    await flush();
    expect(waits.map((w) => w.isSettled())).toEqual([true, true, true, true, false]);
    clock.advance(1);
    expect(await Promise.all(waits.map((w) => w.passed))).toEqual([true, true, true, true, true]);
  });

  it('a cancelled waiter ends at once and gives its token back', async () => {
    const { run, clock } = limiterUnderTest('1', -1);
    await run().passed;
    await run().passed; // bucket empty at t=0
    const w1 = run(); // token due at 1000
    const w2 = run(); // token due at 2000
    w2.task.cancel(499, 'client left');
    expect(await w2.passed).toBe(false);
    expect(w2.task.resultCode).toBe(499);
    w1.task.cancel(499, 'client left');
    await w1.passed;
    // Both booked tokens came back: one token is there again after one second, not three.
    clock.advance(1000);
    const fresh = run();
    expect(fresh.waited).toBe(false);
    expect(await fresh.passed).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('the bucket lives in the data bucket of the pipeline: one bucket per pipeline context, shared by its tasks', async () => {
    const { run, ctx } = limiterUnderTest('2', 0);
    const first = [run(), run(), run(), run()];
    expect(await Promise.all(first.map((r) => r.passed))).toEqual([true, true, true, false]);
    expect(ctx.dataBucket('lim', '0').queryData('token-bucket')).toBeDefined();
  });
});
