import { ManualClock } from '../src';

describe('ManualClock', () => {
  it('starts at the given epoch, and monotonic time counts from zero', () => {
    const clock = new ManualClock(1_000_000);
    expect([clock.now(), clock.monotonic()]).toEqual([1_000_000, 0]);
    clock.advance(250);
    expect([clock.now(), clock.monotonic()]).toEqual([1_000_250, 250]);
  });

  it('fires due timers in order during advance, each at its own time', () => {
    const clock = new ManualClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 20);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 10);
    clock.setTimeout(() => fired.push(['c', clock.now()]), 20);
    clock.setTimeout(() => fired.push(['late', clock.now()]), 31);
    clock.advance(30);
    expect(fired).toEqual([['a', 10], ['b', 20], ['c', 20]]);
    expect(clock.now()).toBe(30);
    expect(clock.pending()).toBe(1);
  });

  it('fires a timer scheduled by a firing timer when it falls due within the same advance', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 10);
    clock.advance(20);
    expect(fired).toEqual([10, 15]);
    expect(clock.pending()).toBe(1);
  });

  it('clearTimeout cancels; clearing twice or after firing is harmless', () => {
    const clock = new ManualClock(0);
    let runs = 0;
    const h = clock.setTimeout(() => runs++, 5);
    clock.clearTimeout(h);
    clock.clearTimeout(h);
    clock.advance(10);
    expect([runs, clock.pending()]).toEqual([0, 0]);
  });

  it('sleep resolves once time is advanced past it, and not before', async () => {
    const clock = new ManualClock(0);
    let done = false;
    const slept = clock.sleep(100).then(() => {
      done = true;
    });
    clock.advance(99);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await slept;
    expect(done).toBe(true);
  });

  it('sleep rejects with the abort reason and leaves no timer behind', async () => {
    const clock = new ManualClock(0);
    const ctrl = new AbortController();
    const slept = clock.sleep(100, ctrl.signal);
    ctrl.abort(new Error('stopped'));
    await expect(slept).rejects.toThrow('stopped');
    expect(clock.pending()).toBe(0);
    await expect(clock.sleep(1, ctrl.signal)).rejects.toThrow('stopped');
  });

  it('advanceAsync lets an async chain started by one timer arm the next within the window', async () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10);
        await Promise.resolve(); // more async work between the sleeps
        ticks.push(clock.now());
      }
    };
    const running = loop();
    await clock.advanceAsync(30);
    await running;
    expect(ticks).toEqual([10, 20, 30]);
  });

  it('the synchronous advance does not wait for promise callbacks', async () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const running = (async () => {
      await clock.sleep(10);
      ticks.push(clock.now());
      await clock.sleep(10);
      ticks.push(clock.now());
    })();
    clock.advance(30);
    await new Promise((r) => setImmediate(r));
    expect(ticks).toEqual([30]); // the second sleep was armed after the advance ended
    clock.advance(10);
    await running;
    expect(ticks).toEqual([30, 40]);
  });
});
