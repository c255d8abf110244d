// Single-flight for get and multiGet alike: one backup read per key at a time, whoever asks.
// A multiGet leads a batch for the keys nobody is reading and joins the reads already running
// for the others, so concurrent multiGets over shared keys read each key from the backup once.
import { keyId } from './keys';
import type { Key } from './types';

/** What a backup read found for one key. */
export type Outcome<T> = { found: true; value: T } | { found: false };

/** The backup reads running now, by key. */
export class Flights<T> {
  private readonly byId = new Map<string, Promise<Outcome<T>>>();

  /** The running read of `key`, if any. */
  get(key: Key): Promise<Outcome<T>> | undefined {
    return this.byId.get(keyId(key));
  }

  /**
   * Runs `read` once for `keys` and registers one promise per key (replacing older reads of the
   * same keys for later joiners when `register`); resolves each with its key's outcome.
   */
  lead(keys: readonly Key[], read: () => Promise<Map<string, Outcome<T>>>, register: boolean): Map<string, Promise<Outcome<T>>> {
    const batch = read();
    const out = new Map<string, Promise<Outcome<T>>>();
    for (const key of keys) {
      const id = keyId(key);
      const one = batch.then((found) => found.get(id) ?? { found: false as const });
      out.set(id, one);
      if (!register) continue;
      this.byId.set(id, one);
      const clear = (): void => {
        if (this.byId.get(id) === one) this.byId.delete(id);
      };
      one.then(clear, clear);
    }
    return out;
  }

  /** Later reads of `keys` start afresh (they were written). */
  forget(keys: readonly Key[]): void {
    for (const key of keys) this.byId.delete(keyId(key));
  }

  /** Later reads of every key start afresh. */
  clear(): void {
    this.byId.clear();
  }
}
