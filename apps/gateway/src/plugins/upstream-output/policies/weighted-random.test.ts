import { seededRandom } from '@gatehouse/foundation';
import { WeightedRandom } from './weighted-random';

describe('weighted_random', () => {
  it('picks in proportion to the weights', () => {
    const w = new WeightedRandom([1, 3, 0, 6], seededRandom(1));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[w.pick()]!++;
    expect(counts[2]).toBe(0);
    expect(Math.abs(counts[0]! - 5_000)).toBeLessThan(400);
    expect(Math.abs(counts[1]! - 15_000)).toBeLessThan(600);
    expect(Math.abs(counts[3]! - 30_000)).toBeLessThan(700);
  });

  it('walks the cumulative weights at the edges', () => {
    expect(new WeightedRandom([2, 2], () => 0).pick()).toBe(0);
    expect(new WeightedRandom([2, 2], () => 0.4999).pick()).toBe(0);
    expect(new WeightedRandom([2, 2], () => 0.5).pick()).toBe(1);
    expect(new WeightedRandom([2, 2], () => 0.9999).pick()).toBe(1);
    expect(new WeightedRandom([0, 0], () => 0.5).pick()).toBe(-1);
  });
});
