import { WeightedRoundRobin } from './weighted-round-robin';

describe('weighted_round_robin (LVS interleaved)', () => {
  it('gives weights 4:3:2 the LVS sequence, interleaved rather than in bursts', () => {
    const wrr = new WeightedRoundRobin([4, 3, 2]);
    // LVS: cw 4 → a; cw 3 → a b; cw 2 → a b c; cw 1 → a b c.
    expect(Array.from({ length: 9 }, () => wrr.pick())).toEqual([0, 0, 1, 0, 1, 2, 0, 1, 2]);
  });

  it('shares out exactly by weight over whole cycles, using the gcd as the step', () => {
    const wrr = new WeightedRoundRobin([50, 100, 150]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 600; i++) counts[wrr.pick()]!++;
    expect(counts).toEqual([100, 200, 300]);
  });

  it('never picks a target of weight 0; all zero picks none', () => {
    const wrr = new WeightedRoundRobin([0, 2, 0, 1]);
    const seen = new Set(Array.from({ length: 30 }, () => wrr.pick()));
    expect([...seen].sort()).toEqual([1, 3]);
    expect(new WeightedRoundRobin([0, 0]).pick()).toBe(-1);
  });
});
