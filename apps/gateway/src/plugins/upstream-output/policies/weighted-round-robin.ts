import type { Balancer } from './balancer';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * `weighted_round_robin`, LVS's interleaved WRR: step i round the targets; each time i wraps to
 * 0 the current weight cw drops by the weights' gcd (back to the max weight at ≤ 0); the first
 * target whose weight ≥ cw is picked. Over max/gcd·n steps each target gets its weight's share,
 * spread out rather than in bursts. Targets of weight 0 are never picked.
 */
export class WeightedRoundRobin implements Balancer {
  private i = -1;
  private cw = 0;
  private readonly max: number;
  private readonly step: number;

  constructor(private readonly weights: readonly number[]) {
    this.max = Math.max(0, ...weights);
    this.step = weights.reduce((g, w) => (w > 0 ? gcd(g, w) : g), 0);
  }

  pick(): number {
    if (this.max === 0) return -1;
    const n = this.weights.length;
    for (;;) {
      this.i = (this.i + 1) % n;
      if (this.i === 0) {
        this.cw -= this.step;
        if (this.cw <= 0) this.cw = this.max;
      }
      if (this.weights[this.i]! >= this.cw) return this.i;
    }
  }
}
