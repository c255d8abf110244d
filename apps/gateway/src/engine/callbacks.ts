/**
 * Named, prioritised callbacks (Ease Gateway's NamedCallbackSet): lower priority runs first,
 * names are unique, and the set is copied before each run so a callback may change it. A callback
 * that throws is reported to `onError` and the others still run: observers are told about a
 * change that already happened, so none of them may undo or half-apply it.
 */
export class NamedCallbackSet<A extends unknown[]> {
  private entries: { name: string; priority: number; fn: (...args: A) => void }[] = [];

  /** @param onError told about a callback that threw. @default ignore */
  constructor(private readonly onError: (name: string, err: unknown) => void = () => undefined) {}

  /** Adds `fn` under `name`; throws when the name is taken. */
  add(name: string, fn: (...args: A) => void, priority = 0): void {
    if (this.entries.some((e) => e.name === name)) throw new Error(`callback ${name} already registered`);
    this.entries = [...this.entries, { name, priority, fn }].sort((a, b) => a.priority - b.priority);
  }

  /** Removes the callback `name`; false when there was none. */
  delete(name: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.name !== name);
    return this.entries.length !== before;
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** Calls every callback in priority order over a snapshot of the set. */
  invoke(...args: A): void {
    for (const e of this.entries.slice()) {
      try {
        e.fn(...args);
      } catch (err) {
        this.onError(e.name, err);
      }
    }
  }
}
