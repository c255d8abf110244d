import type { Logger } from '../logger';

interface Entry<A extends unknown[]> {
  readonly name: string;
  readonly fn: (...args: A) => void;
  failures: number;
}

/**
 * Named statistics listeners (Ease Gateway's *UpdatedCallback sets) that cannot hurt their
 * caller: a listener that throws is logged — its 1st, 2nd, 4th, 8th… failure, so a listener
 * failing on every request cannot flood the log — and the others still run. Nothing it does can
 * fail a task or a config change.
 */
export class Listeners<A extends unknown[]> {
  private entries: Entry<A>[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** Adds `fn` under `name`; returns the function that removes it. Throws when the name is taken. */
  add(name: string, fn: (...args: A) => void): () => void {
    if (this.entries.some((e) => e.name === name)) throw new Error(`${this.what} listener ${name} already registered`);
    const entry: Entry<A> = { name, fn, failures: 0 };
    this.entries = [...this.entries, entry];
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  get size(): number {
    return this.entries.length;
  }

  /** Calls every listener; a throwing one is logged and skipped. */
  invoke(...args: A): void {
    const list = this.entries;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      try {
        e.fn(...args);
      } catch (err) {
        const n = ++e.failures;
        if ((n & (n - 1)) === 0) this.logger.error({ err, listener: e.name, failures: n }, `${this.what} listener failed`);
      }
    }
  }
}
