import type { Task } from '../../../engine/task';
import type { Balancer } from './balancer';

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

/** FNV-1a (32 bit) of `s`'s UTF-8 bytes, continuing from `h`. */
export function fnv1a(s: string, h = OFFSET): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, PRIME);
      continue;
    }
    // Rare: non-ASCII text is hashed through its UTF-8 bytes like any other FNV implementation.
    for (const b of Buffer.from(s.slice(i), 'utf8')) h = Math.imul(h ^ b, PRIME);
    break;
  }
  return h >>> 0;
}

/** The string form a task value is hashed by: strings as they are, missing as "", others by String(). */
function stringForm(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v as string | number);
}

/**
 * `hash`: FNV-1a-32 over the values of `value_hashed_keys` (a 0 byte between them, so "ab"+"c"
 * and "a"+"bc" differ), modulo the target count. The same values always reach the same target:
 * sticky sessions, client-IP or header hashing.
 */
export class HashPick implements Balancer {
  constructor(
    private readonly n: number,
    private readonly keys: readonly string[],
  ) {}

  pick(task: Task): number {
    let h = OFFSET;
    for (let k = 0; k < this.keys.length; k++) {
      if (k > 0) h = Math.imul(h ^ 0, PRIME) >>> 0;
      h = fnv1a(stringForm(task.value(this.keys[k]!)), h);
    }
    return h % this.n;
  }
}
