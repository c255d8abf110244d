// The README's error catalogue and the exported codes must not drift apart; every error class
// carries its code, a message, and the wrapped cause.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src';
import { ERROR_CODES, StorageProxyError } from '../src';

function documentedCodes(): string[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split(/^## Errors$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `(SP_[A-Z_]+)` \|/gm)].map((m) => m[1]!);
}

describe('error catalogue', () => {
  test('README lists exactly the exported codes, once each', () => {
    const documented = documentedCodes();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });

  test('every exported error class has a catalogued code, a message and keeps its cause', () => {
    const classes = Object.values(api as Record<string, unknown>).filter(
      (v) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof StorageProxyError,
    );
    expect(classes.length).toBe(ERROR_CODES.length);
    const cause = new Error('driver said no');
    const samples: StorageProxyError[] = [
      new api.EmptyObjectError(1),
      new api.InvalidKeyError(1.5, 'not an integer'),
      new api.EncodeError('json', cause),
      new api.DecodeError('json', 'k', cause),
      new api.DuplicateKeyError(1, cause),
      new api.CacheUnavailableError('get', cause),
      new api.StorageFailureError('get', cause),
      new api.UnsupportedOperationError('incr', 'x'),
      new api.InvalidOptionsError('maxEntries must be positive'),
      new api.MissingDependencyError('msgpackr', 'the msgpack codec', cause),
    ];
    expect(new Set(samples.map((e) => e.code))).toEqual(new Set(ERROR_CODES));
    for (const err of samples) {
      expect(err).toBeInstanceOf(Error);
      expect(err.message.length).toBeGreaterThan(5);
      expect(err.name).toBe(err.constructor.name);
    }
    expect(samples[2]!.cause).toBe(cause);
    expect(samples[6]!.message).toContain('driver said no');
  });
});
