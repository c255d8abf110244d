import type { Balancer } from './balancer';

/**
 * `least_wip_requests`: the target with the fewest calls in progress (waiting in its backlog or
 * being served). Every target is compared, the last one included (the 2018 loop stopped one short
 * and never picked it); ties go to the earliest. A target that is not running counts as full.
 */
export class LeastWip implements Balancer {
  constructor(
    private readonly n: number,
    /** Calls in progress at target i; undefined when it is not running. */
    private readonly wip: (i: number) => number | undefined,
  ) {}

  pick(): number {
    let best = -1;
    let least = Infinity;
    for (let i = 0; i < this.n; i++) {
      const w = this.wip(i);
      if (w !== undefined && w < least) {
        least = w;
        best = i;
      }
    }
    // Nothing runs: the first target, which then answers why.
    return best < 0 ? 0 : best;
  }
}
