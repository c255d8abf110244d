import { RE2JS } from 're2js';
import { GatewayError, type GatewayErrorCode } from '../errors';

/** One match of a SafeRegex: where it is and what its groups captured. */
export interface SafeMatch {
  /** Offset of the match in the subject. */
  readonly index: number;
  /** Offset just past the match. */
  readonly end: number;
  /** Group 0 (the whole match), then groups 1…n; null for a group that did not take part. */
  readonly groups: readonly (string | null)[];
  /** Named groups by name (only those that took part). */
  readonly named: Record<string, string>;
}

/**
 * A user-supplied regular expression that matches in time linear in the subject: RE2 semantics
 * through re2js (pure JS, no native build). Patterns RE2 cannot run in linear time (backreferences,
 * lookaround, possessive or atomic groups) are refused when compiled, so no request can make the
 * event loop backtrack (`^/redos/(a+)+$` on 10,000 characters takes milliseconds, not hours).
 * Every plugin that takes a pattern from config or from a request compiles it here.
 */
export class SafeRegex {
  private readonly names: readonly [string, number][];

  private constructor(
    readonly source: string,
    private readonly re: RE2JS,
  ) {
    this.names = Object.entries(re.namedGroups());
  }

  /**
   * Compiles `source`, or throws `code` (GW_VALIDATION by default) naming `field` with RE2's reason.
   */
  static compile(source: string, field: string, code: GatewayErrorCode = 'GW_VALIDATION'): SafeRegex {
    try {
      return new SafeRegex(source, RE2JS.compile(source));
    } catch (err) {
      throw new GatewayError(code, `${field} is not a valid regular expression (RE2 syntax): ${(err as Error).message}`, {
        field,
        cause: err,
      });
    }
  }

  /** True when the pattern matches somewhere in `subject`. */
  test(subject: string): boolean {
    return this.re.matcher(subject).find();
  }

  /** The first match in `subject`, or undefined. */
  exec(subject: string): SafeMatch | undefined {
    const m = this.re.matcher(subject);
    if (!m.find()) return undefined;
    const groups: (string | null)[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
    const named: Record<string, string> = {};
    for (const [name, i] of this.names) {
      const v = groups[i];
      if (v !== null && v !== undefined) named[name] = v;
    }
    return { index: m.start(), end: m.end(), groups, named };
  }

  /**
   * `subject` with its first match replaced, like `String.prototype.replace` with a string:
   * `$1`…`$99`, `$<name>`, `$&`, `` $` ``, `$'` and `$$` are expanded. Unchanged when nothing matches.
   */
  replace(subject: string, replacement: string): string {
    const m = this.exec(subject);
    return m === undefined ? subject : this.replaceMatch(subject, m, replacement);
  }

  /** `subject` with the match `m` (from `exec` on the same subject) replaced; see `replace`. */
  replaceMatch(subject: string, m: SafeMatch, replacement: string): string {
    return subject.slice(0, m.index) + expand(replacement, subject, m) + subject.slice(m.end);
  }
}

/** Expands the `$` forms of a replacement string for one match. */
function expand(replacement: string, subject: string, m: SafeMatch): string {
  if (!replacement.includes('$')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]!;
    const next = replacement[i + 1];
    if (ch !== '$' || next === undefined) {
      out += ch;
      continue;
    }
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '&') {
      out += m.groups[0] ?? '';
      i++;
    } else if (next === '`') {
      out += subject.slice(0, m.index);
      i++;
    } else if (next === "'") {
      out += subject.slice(m.end);
      i++;
    } else if (next === '<') {
      const close = replacement.indexOf('>', i + 2);
      if (close < 0) {
        out += ch;
        continue;
      }
      out += m.named[replacement.slice(i + 2, close)] ?? '';
      i = close;
    } else if (next >= '0' && next <= '9') {
      // Two digits when that group exists ($12), else one ($1 followed by "2"), as in JS.
      const two = replacement[i + 2];
      const twoDigit = two !== undefined && two >= '0' && two <= '9' ? Number(next + two) : -1;
      if (twoDigit > 0 && twoDigit < m.groups.length) {
        out += m.groups[twoDigit] ?? '';
        i += 2;
      } else if (Number(next) > 0 && Number(next) < m.groups.length) {
        out += m.groups[Number(next)] ?? '';
        i++;
      } else out += ch;
    } else out += ch;
  }
  return out;
}
