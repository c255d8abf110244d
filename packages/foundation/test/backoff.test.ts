import { backoffDelay, ManualClock, retry } from '../src';

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to maxMs, with half jitter by default', () => {
    const low = { baseMs: 100, maxMs: 1000, random: () => 0 };
    const high = { baseMs: 100, maxMs: 1000, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, low))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, high))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('full and no jitter', () => {
    expect(backoffDelay(2, { baseMs: 100, jitter: 'full', random: () => 0 })).toBe(0);
    expect(backoffDelay(2, { baseMs: 100, jitter: 'full', random: () => 0.5 })).toBe(200);
    expect(backoffDelay(2, { baseMs: 100, jitter: 'none' })).toBe(400);
  });

  it('survives absurd attempt numbers', () => {
    expect(backoffDelay(10_000, { baseMs: 100, maxMs: 5000, jitter: 'none' })).toBe(5000);
    expect(backoffDelay(-3, { baseMs: 100, jitter: 'none' })).toBe(100);
  });
});

describe('retry', () => {
  it('waits on the clock between attempts and resolves with the first success', async () => {
    const clock = new ManualClock(0);
    const calls: number[] = [];
    const done = retry(
      async (attempt) => {
        calls.push(clock.now());
        if (attempt < 2) throw new Error(`fail ${attempt}`);
        return 'ok';
      },
      { attempts: 3, clock, backoff: { baseMs: 100, jitter: 'none' } },
    );
    await clock.advanceAsync(99);
    expect(calls).toEqual([0]);
    await clock.advanceAsync(1 + 200);
    await expect(done).resolves.toBe('ok');
    expect(calls).toEqual([0, 100, 300]);
  });

  it('rethrows the last failure after the attempts, telling onFailure of each', async () => {
    const seen: Array<[string, number, boolean]> = [];
    const run = retry(
      async (attempt) => {
        throw new Error(`fail ${attempt}`);
      },
      { attempts: 3, clock: new ManualClock(0), backoff: () => 0, onFailure: (e, a, again) => seen.push([(e as Error).message, a, again]) },
    );
    await expect(run).rejects.toThrow('fail 2');
    expect(seen).toEqual([
      ['fail 0', 0, true],
      ['fail 1', 1, true],
      ['fail 2', 2, false],
    ]);
  });

  it('does not retry what shouldRetry refuses', async () => {
    let calls = 0;
    const run = retry(
      async () => {
        calls++;
        throw new TypeError('bad input');
      },
      { attempts: 5, shouldRetry: (err) => !(err instanceof TypeError) },
    );
    await expect(run).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  it('an abort during the wait rejects with the reason and stops retrying', async () => {
    const clock = new ManualClock(0);
    const ctrl = new AbortController();
    let calls = 0;
    const run = retry(
      async () => {
        calls++;
        throw new Error('down');
      },
      { attempts: 10, clock, signal: ctrl.signal, backoff: { baseMs: 1000 } },
    );
    await clock.advanceAsync(0);
    ctrl.abort(new Error('shutting down'));
    await expect(run).rejects.toThrow('shutting down');
    expect(calls).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('refuses a non-positive attempt count', async () => {
    await expect(retry(async () => 1, { attempts: 0 })).rejects.toThrow(RangeError);
  });
});
