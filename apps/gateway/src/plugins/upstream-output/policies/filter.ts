import { SafeRegex } from '../../../engine/safe-regex';
import type { Task } from '../../../engine/task';
import type { Balancer } from './balancer';

/** Tests one task value. */
type Matcher = (value: string) => boolean;

/** Characters that mean nothing special in a regular expression. */
const PLAIN = /^[A-Za-z0-9_\-/:@ ,;=]*$/;

/**
 * Compiles one condition. `^literal$` and `^literal` (the usual blue/green and A/B conditions:
 * a header value, a method, a path prefix) are compared as strings, which is 10–100× cheaper than
 * running the regex engine; anything else goes through the gateway's safe-regex check.
 */
function matcher(source: string, field: string): Matcher {
  const re = SafeRegex.compile(source, field);
  if (source.startsWith('^')) {
    const exact = source.endsWith('$') ? source.slice(1, -1) : undefined;
    if (exact !== undefined && PLAIN.test(exact)) return (v) => v === exact;
    const prefix = source.slice(1);
    if (exact === undefined && PLAIN.test(prefix)) return (v) => v.startsWith(prefix);
  }
  return (v) => re.test(v);
}

/**
 * `filter`: the first target whose conditions (task key → regular expression, checked with the
 * gateway's safe-regex rules) all match the task's values; -1 (503) when none does. Blue/green
 * and A/B routing. A missing value is matched as "".
 */
export class FilterPick implements Balancer {
  private readonly conditions: [string, Matcher][][];

  constructor(conditions: readonly Readonly<Record<string, string>>[]) {
    this.conditions = conditions.map((c, i) => Object.entries(c).map(([k, re]) => [k, matcher(re, `config.filter_conditions.${i}.${k}`)]));
  }

  pick(task: Task): number {
    outer: for (let i = 0; i < this.conditions.length; i++) {
      const c = this.conditions[i]!;
      for (let j = 0; j < c.length; j++) {
        const [key, test] = c[j]!;
        const v = task.value(key);
        if (!test(typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v as string | number))) continue outer;
      }
      return i;
    }
    return -1;
  }
}
