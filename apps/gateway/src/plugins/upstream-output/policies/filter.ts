import { SafeRegex } from '../../../engine/safe-regex';
import type { Task } from '../../../engine/task';
import type { Balancer } from './balancer';

/**
 * `filter`: the first target whose conditions (task key → regular expression, checked with the
 * gateway's safe-regex rules) all match the task's values; -1 (503) when none does. Blue/green
 * and A/B routing. A missing value is matched as "".
 */
export class FilterPick implements Balancer {
  private readonly conditions: [string, SafeRegex][][];

  constructor(conditions: readonly Readonly<Record<string, string>>[]) {
    this.conditions = conditions.map((c, i) => Object.entries(c).map(([k, re]) => [k, SafeRegex.compile(re, `config.filter_conditions.${i}.${k}`)]));
  }

  pick(task: Task): number {
    outer: for (let i = 0; i < this.conditions.length; i++) {
      const c = this.conditions[i]!;
      for (let j = 0; j < c.length; j++) {
        const [key, re] = c[j]!;
        const v = task.value(key);
        if (!re.test(typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v as string | number))) continue outer;
      }
      return i;
    }
    return -1;
  }
}
