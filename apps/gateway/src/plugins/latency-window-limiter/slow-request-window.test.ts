import { SlowRequestWindow } from './slow-request-window';

describe('SlowRequestWindow (the §2.7 counter and probe rules)', () => {
  const window = () => new SlowRequestWindow(800, 1000, 0.1);

  it('a slow finish adds one, capped at max(1, round(outbound × 2 × allow_msec / 1000)); a fast one halves it', () => {
    const w = window();
    for (let i = 0; i < 50; i++) w.finished(800, 20);
    expect(w.counter).toBe(40);
    w.finished(799, 20);
    expect(w.counter).toBe(20);
    w.finished(10, 20);
    w.finished(10, 20);
    expect(w.counter).toBe(5);
    const idle = window();
    for (let i = 0; i < 5; i++) idle.finished(900, 0);
    expect(idle.counter).toBe(1);
    // A cap that shrank (outbound fell) pulls a larger counter down to it.
    w.finished(900, 1);
    expect(w.counter).toBe(2);
  });

  it('limits while the counter exceeds allow_msec/1000 × outbound', () => {
    const w = new SlowRequestWindow(800, 500, 0.1);
    for (let i = 0; i < 10; i++) w.finished(900, 20);
    expect(w.threshold(20)).toBe(10);
    expect(w.limited(20)).toBe(false);
    w.finished(900, 20);
    expect(w.limited(20)).toBe(true);
    expect(w.limited(30)).toBe(false);
  });

  it('probes: all under 10 rps inbound; none while > probe % passes at ≥ 10 rps; else a probe % draw', () => {
    const w = window();
    const never = () => 0.99;
    const always = () => 0;
    expect(w.isProbe(9.9, 0, never)).toBe(true);
    expect(w.isProbe(100, 11, always)).toBe(false);
    expect(w.isProbe(100, 10, always)).toBe(true); // exactly 10 % passes: not more, so a draw
    expect(w.isProbe(100, 9, always)).toBe(true);
    expect(w.isProbe(100, 9, never)).toBe(false);
    expect(w.isProbe(100, 10, () => 0.0999)).toBe(true);
    expect(w.isProbe(200, 15, () => 0.0999)).toBe(true);
    expect(w.isProbe(200, 15, () => 0.1)).toBe(false);
  });
});
