import { AccessSampler } from './access-sampler';

const picks = (ratio: number, n: number): boolean[] => {
  const s = new AccessSampler(ratio);
  return Array.from({ length: n }, () => s.take());
};

describe('AccessSampler', () => {
  it('logs every request at ratio 1', () => {
    expect(picks(1, 50).every(Boolean)).toBe(true);
  });

  it('logs exactly every 4th request at ratio 0.25', () => {
    const p = picks(0.25, 100);
    expect(p.filter(Boolean)).toHaveLength(25);
    expect(p.slice(0, 8)).toEqual([false, false, false, true, false, false, false, true]);
  });

  it('keeps the share exact for ratios that are not 1/n', () => {
    expect(picks(0.3, 1000).filter(Boolean)).toHaveLength(300);
    expect(picks(0.001, 1000).filter(Boolean)).toHaveLength(1);
  });
});
