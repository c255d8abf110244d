import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as errors from '../src/errors';
import { DAO_CODES, DaoGenError } from '../src/errors';

function documentedCodes(): string[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split(/^## Errors$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `(DAO_[A-Z_]+)` \|/gm)].map((m) => m[1]!);
}

describe('error catalogue', () => {
  it('README lists exactly the exported codes, once each, in the same order', () => {
    expect(documentedCodes()).toEqual([...DAO_CODES]);
  });

  it('every exported error class carries a catalogued code and is a DaoGenError', () => {
    const classes = Object.values(errors).filter((v: unknown) => typeof v === 'function' && v.prototype instanceof DaoGenError);
    expect(classes.length).toBe(DAO_CODES.length);
    const samples: DaoGenError[] = [
      new errors.BadArgumentError('x'),
      new errors.UnsupportedUrlError('x'),
      new errors.ConnectFailedError('x', new Error('refused')),
      new errors.IntrospectFailedError('t', new Error('denied')),
      new errors.TableNotFoundError('t', 'db'),
      new errors.NoPrimaryKeyError('t'),
      new errors.CompositeKeyError('t', ['a', 'b']),
      new errors.KeyColumnNotFoundError('t', 'c'),
      new errors.UnsupportedKeyTypeError('t', 'c', 'Date'),
      new errors.UnsupportedTypeError('t', 'c', 'point'),
      new errors.NotGeneratedError('p'),
      new errors.WriteFailedError('p', new Error('EACCES')),
      new errors.DriftError(['p']),
    ];
    expect(samples.map((e) => e.code)).toEqual([...DAO_CODES]);
    expect(new Set(samples.map((e) => e.constructor))).toEqual(new Set(classes));
    for (const e of samples) {
      expect(errors.isDaoGenError(e)).toBe(true);
      expect(e.message).not.toContain('\n');
    }
  });

  it('keeps the driver error as cause and shows its code in the one-line message', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const err = new errors.ConnectFailedError('postgres://x', new AggregateError([cause], ''));
    expect(err.message).toBe('cannot connect to postgres://x: connect ECONNREFUSED 127.0.0.1:1');
    expect(err.cause).toBeInstanceOf(AggregateError);
    expect(errors.isDaoGenError(new Error('x'))).toBe(false);
  });
});
