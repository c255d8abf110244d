// Key validation and rendering, shared by every storage so bad keys fail the same way everywhere.
import { InvalidKeyError } from './errors';
import type { Key } from './types';

/** Throws {@link InvalidKeyError} unless `key` is a non-empty string or a safe integer. */
export function assertKey(key: unknown): asserts key is Key {
  if (typeof key === 'string') {
    if (key.length === 0) throw new InvalidKeyError(key, 'the empty string is not a key');
    return;
  }
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key)) throw new InvalidKeyError(key, 'a number key must be a safe integer');
    return;
  }
  throw new InvalidKeyError(key, 'a key is a string or an integer');
}

/**
 * The identity of a key: its text, as in the Go original's `Key.String()`. The integer 1 and the
 * string "1" are the same key in every storage (Redis and SQL could not tell them apart anyway).
 */
export function keyId(key: Key): string {
  return typeof key === 'string' ? key : String(key);
}

/** Validates every key of a list (all before any is used, so nothing is half-applied). */
export function assertKeys(keys: readonly unknown[]): asserts keys is Key[] {
  if (!Array.isArray(keys)) throw new InvalidKeyError(keys, 'expected an array of keys');
  for (const key of keys) assertKey(key);
}

/** Validates every key of a map of entries. */
export function assertEntryKeys(entries: ReadonlyMap<unknown, unknown>): void {
  if (!(entries instanceof Map)) throw new InvalidKeyError(entries, 'expected a Map of entries');
  for (const key of entries.keys()) assertKey(key);
}
