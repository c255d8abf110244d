import { LatencyWindow, WINDOW_TICKS } from './latency-window';

describe('LatencyWindow (staggered 30-s window in 5-s slots)', () => {
  it('serves a sample from the tick that sealed its slot until six ticks later', () => {
    const w = new LatencyWindow();
    w.record(1000);
    expect(w.read().count).toBe(0); // the current slot is not read before it is sealed
    w.tick();
    expect(w.read().count).toBe(1);
    for (let i = 1; i < WINDOW_TICKS; i++) {
      w.tick();
      expect(w.read().count).toBe(1);
    }
    w.tick(); // the slot leaves the 30-s window
    expect(w.read().count).toBe(0);
    expect(w.idle).toBe(true);
  });

  it('rotates slot by slot: the window always holds the last six sealed slots', () => {
    const w = new LatencyWindow();
    for (let t = 1; t <= 20; t++) {
      for (let i = 0; i < t; i++) w.record(t * 1e6); // slot t holds t samples of t ms
      w.tick();
      const from = Math.max(1, t - WINDOW_TICKS + 1);
      let count = 0;
      for (let k = from; k <= t; k++) count += k;
      const win = w.read();
      expect(win.count).toBe(count);
      expect(win.min).toBe(from * 1e6);
      expect(win.max).toBe(t * 1e6);
    }
  });

  it('exposes the slot each tick sealed, as that tick\'s delta', () => {
    const w = new LatencyWindow();
    w.record(5);
    w.record(7);
    w.tick();
    expect(w.lastSealed?.count).toBe(2);
    w.tick();
    expect(w.lastSealed).toBeUndefined();
  });

  it('caches a read until the next tick', () => {
    const w = new LatencyWindow();
    w.record(1);
    w.tick();
    const a = w.read();
    w.record(2);
    expect(w.read()).toBe(a);
    w.tick();
    expect(w.read()).not.toBe(a);
    expect(w.read().count).toBe(2);
  });
});
