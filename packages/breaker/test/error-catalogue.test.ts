import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src';
import { BREAKER_ERROR_CODES, BreakerError } from '../src';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const documented = [...readme.matchAll(/^\| `(BRK_[A-Z_]+)` \| `(\w+)` \|/gm)].map((m) => [m[1]!, m[2]!] as const);

test('the README lists exactly the exported error codes', () => {
  expect(documented.map(([code]) => code).sort()).toEqual([...BREAKER_ERROR_CODES].sort());
});

test('each documented class is exported, is a BreakerError and carries its code', () => {
  const exported = api as unknown as Record<string, unknown>;
  for (const [code, className] of documented) {
    const Cls = exported[className];
    expect(typeof Cls).toBe('function');
    const proto = (Cls as { prototype: unknown }).prototype;
    expect(proto instanceof BreakerError).toBe(true);
    // Construct with placeholder args; every class takes the command name first.
    const instance = new (Cls as new (...a: unknown[]) => BreakerError)('cmd', 'f', 'x');
    expect(instance.code).toBe(code);
  }
});
