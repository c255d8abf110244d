// The bound on scrypt work: at most `concurrency` hashes at once, a small queue per lane beyond
// which a request is shed at once, a first lane for known addresses, and a cap on waiting. Before, every login
// queued on libuv's pool: 160 attempts waited 41 s at the median and a real login 0.5 s later 79 s.
import { ManualClock } from '@gatehouse/foundation';
import { OverloadedError } from '../src/errors';
import { HashLimiter } from '../src/password/hash-limiter';

/** A task the test finishes by hand. */
function task(log: string[], name: string): { run: () => Promise<string>; finish: () => void } {
  let finish: () => void = () => undefined;
  return {
    run: () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        finish = () => resolve(name);
      }),
    finish: () => finish(),
  };
}

describe('HashLimiter', () => {
  it('runs at most `concurrency` at once and sheds what does not fit in the queue at once', async () => {
    const clock = new ManualClock();
    const limiter = new HashLimiter({ concurrency: 2, queueSize: 4, clock });
    const log: string[] = [];
    const tasks = Array.from({ length: 160 }, (_, i) => task(log, `a${i}`));
    const outcomes = tasks.map((t) => limiter.run(t.run).then((v) => v, (e: unknown) => e));
    await Promise.resolve();
    const settled: unknown[] = [];
    outcomes.forEach((p) => void p.then((v) => settled.push(v)));
    await clock.advanceAsync(0); // no time passes: the excess is answered now, not after a wait
    expect(log).toEqual(['start a0', 'start a1']);
    expect([limiter.active, limiter.waiting]).toEqual([2, 4]);
    expect(settled).toHaveLength(154);
    expect(settled.every((e) => e instanceof OverloadedError && e.retryAfterSeconds >= 1)).toBe(true);
    expect((settled[0] as OverloadedError).code).toBe('AUTH_OVERLOADED');
  });

  it('waiters run in arrival order as slots free; hasRoom tells ahead of time', async () => {
    const clock = new ManualClock();
    const limiter = new HashLimiter({ concurrency: 1, queueSize: 2, clock });
    const log: string[] = [];
    const ts = ['a', 'b', 'c'].map((n) => task(log, n));
    const done = ts.map((t) => limiter.run(t.run));
    expect(limiter.hasRoom()).toBe(false);
    expect(() => limiter.assertRoom()).toThrow(OverloadedError);
    expect(limiter.hasRoom('known')).toBe(true);
    for (const t of ts) {
      await clock.advanceAsync(0);
      t.finish();
    }
    await Promise.all(done);
    expect(log).toEqual(['start a', 'start b', 'start c']);
  });

  it('sheds a waiter that waited maxQueueWaitMs', async () => {
    const clock = new ManualClock();
    const limiter = new HashLimiter({ concurrency: 1, queueSize: 10, maxQueueWaitMs: 5000, clock });
    const log: string[] = [];
    void limiter.run(task(log, 'busy').run);
    const waiting = limiter.run(task(log, 'w').run).catch((e: unknown) => e);
    await clock.advanceAsync(4999);
    expect(limiter.waiting).toBe(1);
    await clock.advanceAsync(1);
    expect(await waiting).toBeInstanceOf(OverloadedError);
    expect([limiter.waiting, clock.pending()]).toEqual([0, 0]);
  });

  it('refuses nonsense limits', () => {
    expect(() => new HashLimiter({ concurrency: 0 })).toThrow(expect.objectContaining({ code: 'AUTH_CONFIG_INVALID', field: 'concurrency' }));
    expect(() => new HashLimiter({ queueSize: -1 })).toThrow(expect.objectContaining({ field: 'queueSize' }));
  });
});

it('serves the known lane first and never sheds it for the normal lane', async () => {
  const clock = new ManualClock();
  const limiter = new HashLimiter({ concurrency: 1, queueSize: 2, clock });
  const log: string[] = [];
  const first = task(log, 'first');
  void limiter.run(first.run);
  const owner = task(log, 'owner');
  const ownerDone = limiter.run(owner.run, 'known');
  const flood = Array.from({ length: 20 }, (_, i) => task(log, `f${i}`));
  flood.forEach((t) => void limiter.run(t.run).catch(() => undefined));
  first.finish();
  await clock.advanceAsync(0);
  expect(log).toEqual(['start first', 'start owner']);
  owner.finish();
  await expect(ownerDone).resolves.toBe('owner');
});
