import { RetryOrder } from './retry';
import { seededRandom } from '@gatehouse/foundation';

describe('retry (probability halving and recovery)', () => {
  it('tries every target in order while all are healthy', () => {
    expect(new RetryOrder(3, seededRandom(3)).plan()).toEqual([0, 1, 2]);
  });

  it('halves a failing target down to 1 %, and recovers fast: below 50 → 50, otherwise 100', () => {
    const r = new RetryOrder(2, Math.random);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      r.record(0, false);
      seen.push(r.probability(0));
    }
    expect(seen).toEqual([50, 25, 12, 6, 3, 1, 1, 1]);
    r.record(0, true);
    expect(r.probability(0)).toBe(50);
    r.record(0, true);
    expect(r.probability(0)).toBe(100);
    r.record(0, false);
    r.record(0, true);
    expect(r.probability(0)).toBe(100);
  });

  it('skips a halved target in proportion, and always ends with the last target', () => {
    const r = new RetryOrder(3, seededRandom(9));
    r.record(0, false);
    r.record(0, false); // 25 %
    let tried0 = 0;
    for (let i = 0; i < 10_000; i++) {
      const plan = r.plan();
      expect(plan[plan.length - 1]).toBe(2);
      expect(plan).toContain(1);
      if (plan[0] === 0) tried0++;
    }
    expect(Math.abs(tried0 - 2_500)).toBeLessThan(250);
    r.record(2, false);
    expect(r.probability(2)).toBe(100);
  });
});
