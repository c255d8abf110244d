import type { Balancer, Random } from './balancer';

/** `random`: a uniformly random target. */
export class RandomPick implements Balancer {
  constructor(
    private readonly n: number,
    private readonly random: Random,
  ) {}

  pick(): number {
    return Math.floor(this.random() * this.n);
  }
}
