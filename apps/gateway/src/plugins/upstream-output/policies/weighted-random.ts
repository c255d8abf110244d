import type { Balancer, Random } from './balancer';

/** `weighted_random`: r uniform in [0, Σw), then walk the cumulative weights. Weight 0 is never picked. */
export class WeightedRandom implements Balancer {
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(
    weights: readonly number[],
    private readonly random: Random,
  ) {
    let sum = 0;
    this.cumulative = weights.map((w) => (sum += w));
    this.total = sum;
  }

  pick(): number {
    if (this.total === 0) return -1;
    const r = this.random() * this.total;
    const c = this.cumulative;
    for (let i = 0; i < c.length; i++) if (r < c[i]!) return i;
    return c.length - 1;
  }
}
