import type { Balancer } from './balancer';

/** `round_robin`: targets in turn, one counter per plugin instance. */
export class RoundRobin implements Balancer {
  private next = 0;

  constructor(private readonly n: number) {}

  pick(): number {
    const i = this.next;
    this.next = i + 1 === this.n ? 0 : i + 1;
    return i;
  }
}
