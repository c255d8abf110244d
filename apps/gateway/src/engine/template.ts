import { GatewayError } from '../errors';
import type { Task } from './task';

/**
 * A `{TASK_KEY}` template compiled once at config time into literal parts and keys, so rendering
 * per request is a few concatenations. `{{` and `}}` stand for literal braces.
 */
export interface Template {
  readonly source: string;
  /** Task keys the template reads, in order. */
  readonly keys: readonly string[];
  /** True when the template has no placeholders. */
  readonly constant: boolean;
  /** Renders with `encode` applied to each placeholder's value (e.g. URL escaping). */
  render(task: Task, encode?: (key: string, value: string) => string): string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Compiles `source`; throws GW_VALIDATION naming `field` for an unclosed or empty placeholder. */
export function compileTemplate(source: string, field: string): Template {
  const literals: string[] = [];
  const keys: string[] = [];
  let lit = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '{' && source[i + 1] === '{') {
      lit += '{';
      i++;
    } else if (ch === '}' && source[i + 1] === '}') {
      lit += '}';
      i++;
    } else if (ch === '{') {
      const end = source.indexOf('}', i);
      const key = end < 0 ? '' : source.slice(i + 1, end);
      if (!KEY.test(key)) {
        throw new GatewayError('GW_VALIDATION', `${field} has a bad placeholder at character ${i + 1}`, { field });
      }
      literals.push(lit);
      keys.push(key);
      lit = '';
      i = end;
    } else if (ch === '}') {
      throw new GatewayError('GW_VALIDATION', `${field} has an unmatched "}" at character ${i + 1}`, { field });
    } else {
      lit += ch;
    }
  }
  literals.push(lit);
  const n = keys.length;
  const render =
    n === 0
      ? () => literals[0]!
      : (task: Task, encode?: (key: string, value: string) => string): string => {
          let out = literals[0]!;
          for (let k = 0; k < n; k++) {
            const key = keys[k]!;
            const v = task.value(key);
            const text = v === undefined || v === null ? '' : String(v);
            out += (encode === undefined ? text : encode(key, text)) + literals[k + 1]!;
          }
          return out;
        };
  return { source, keys, constant: n === 0, render };
}
