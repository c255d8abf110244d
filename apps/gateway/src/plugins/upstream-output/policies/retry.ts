import type { Random } from './balancer';

/**
 * `retry`: the targets are tried in order until one succeeds. Each target but the last is tried
 * with probability p[i] % (100 at first): a failure halves it (never below 1), a success brings it
 * straight back (below 50 → 50, otherwise 100). A failing primary is thus skipped more and more
 * often without being forgotten; the last target is always tried, and only its error is reported.
 */
export class RetryOrder {
  private readonly percent: number[];

  constructor(
    private readonly n: number,
    private readonly random: Random,
  ) {
    this.percent = new Array<number>(n).fill(100);
  }

  /** The targets to try this time, in order. */
  plan(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.n - 1; i++) if (this.random() * 100 < this.percent[i]!) out.push(i);
    out.push(this.n - 1);
    return out;
  }

  /** Feeds back how target `i` did. */
  record(i: number, ok: boolean): void {
    const p = this.percent[i]!;
    this.percent[i] = ok ? (p < 50 ? 50 : 100) : Math.max(1, p >> 1);
  }

  /** Current probability (%) of trying target `i`. */
  probability(i: number): number {
    return i === this.n - 1 ? 100 : this.percent[i]!;
  }
}
