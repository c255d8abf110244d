import { Meter } from './meter';

// α for 5-s ticks: 1 − e^(−5/60/N), computed by hand: N=1 → 0.0799555853706767,
// N=5 → 0.0165285461783825, N=15 → 0.0055401519951033.
const A1 = 0.0799555853706767;
const A5 = 0.0165285461783825;
const A15 = 0.0055401519951033;

describe('Meter (go-metrics EWMA, 5-s ticks)', () => {
  it('reads 0 before the first tick and counts every mark', () => {
    const m = new Meter();
    m.mark();
    m.mark(4);
    expect(m.count).toBe(5);
    expect([m.rate(1), m.rate(5), m.rate(15)]).toEqual([0, 0, 0]);
  });

  it('sets every rate to the instant rate on the first tick', () => {
    const m = new Meter();
    m.mark(50);
    m.tick();
    expect([m.rate(1), m.rate(5), m.rate(15)]).toEqual([10, 10, 10]);
    expect(m.lastTick).toBe(50);
  });

  it('decays by hand-computed factors on quiet ticks', () => {
    const m = new Meter();
    m.mark(50);
    m.tick();
    m.tick();
    expect(m.rate(1)).toBeCloseTo(10 - A1 * 10, 12); // 9.200444146293233
    expect(m.rate(5)).toBeCloseTo(10 - A5 * 10, 12); // 9.834714538216175
    expect(m.rate(15)).toBeCloseTo(10 - A15 * 10, 12); // 9.944598480048967
    expect(m.lastTick).toBe(0);
    // Eleven more quiet ticks: one minute after the burst the 1-min rate is 10/e.
    for (let i = 0; i < 11; i++) m.tick();
    expect(m.rate(1)).toBeCloseTo(10 * Math.exp(-1), 10);
    expect(m.rate(5)).toBeCloseTo(10 * Math.exp(-1 / 5), 10);
    expect(m.rate(15)).toBeCloseTo(10 * Math.exp(-1 / 15), 10);
  });

  it('moves toward a new steady rate by α per tick', () => {
    const m = new Meter();
    m.mark(10); // 2/s
    m.tick();
    m.mark(60); // 12/s
    m.tick();
    expect(m.rate(1)).toBeCloseTo(2 + A1 * 10, 12);
    expect(m.rate(15)).toBeCloseTo(2 + A15 * 10, 12);
    expect(m.count).toBe(70);
  });
});
