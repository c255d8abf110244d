import { RandomPick } from './random';
import { seededRandom } from '@gatehouse/foundation';

describe('random', () => {
  it('spreads picks uniformly (seeded: repeatable)', () => {
    const r = new RandomPick(4, seededRandom(42));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[r.pick()]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('the same seed gives the same picks', () => {
    const a = new RandomPick(5, seededRandom(7));
    const b = new RandomPick(5, seededRandom(7));
    expect(Array.from({ length: 20 }, () => a.pick())).toEqual(Array.from({ length: 20 }, () => b.pick()));
  });
});
