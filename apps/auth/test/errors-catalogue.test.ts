// The error catalogue and its documentation agree: every code in src/errors.ts appears in the
// README's Errors table with its HTTP status, and the table lists nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as errors from '../src/errors';

const source = readFileSync(join(__dirname, '..', 'src', 'errors.ts'), 'utf8');
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

function documented(): Map<string, string> {
  const section = readme.split(/^## Errors$/m)[1]!.split(/^## /m)[0]!;
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| `(AUTH_[A-Z_]+)` \| ([^|]+) \| (.+) \|$/gm)) {
    rows.set(match[1]!, match[2]!.trim());
    expect(match[3]!.trim().length).toBeGreaterThan(10);
  }
  return rows;
}

describe('error catalogue', () => {
  const declared = [...source.matchAll(/super\('(AUTH_[A-Z_]+)'/g)].map((m) => m[1]!);

  it('ERROR_CODES lists exactly the codes the classes declare, each once', () => {
    expect([...errors.ERROR_CODES].sort()).toEqual([...declared].sort());
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('the README documents exactly the exported codes', () => {
    expect([...documented().keys()].sort()).toEqual([...errors.ERROR_CODES].sort());
  });

  it('the README states the HTTP status each error class answers with', () => {
    const rows = documented();
    const instances: errors.AuthError[] = [
      new errors.InvalidBodyError('m'),
      new errors.BodyTooLargeError('m'),
      new errors.FieldRequiredError('m'),
      new errors.FieldInvalidError('m'),
      new errors.PasswordPolicyError('m'),
      new errors.UsernamePolicyError('m'),
      new errors.InvalidCredentialsError(),
      new errors.AdminUnauthorizedError('m'),
      new errors.AdminDisabledError('m'),
      new errors.UsernameTakenError('m'),
      new errors.RouteNotFoundError('m'),
      new errors.TooManyAttemptsError(3),
      new errors.OverloadedError(2),
      new errors.DatabaseUnavailableError('m'),
      new errors.ThrottleUnavailableError('m'),
      new errors.HashFormatError('m'),
      new errors.InternalError('m'),
    ];
    for (const err of instances) {
      expect(errors.isAuthError(err)).toBe(true);
      expect(rows.get(err.code)).toBe(String(err.status));
    }
    // Startup and log-only codes have no HTTP answer.
    expect(rows.get('AUTH_CONFIG_INVALID')).toBe('-');
    expect(rows.get('AUTH_REGISTRATION_FAILED')).toBe('-');
  });

  it('keeps the cause and tells our errors from others', () => {
    const cause = new Error('driver said no');
    const err = new errors.DatabaseUnavailableError('down', { cause });
    expect(err.cause).toBe(cause);
    expect(err.toJSON()).toEqual({ code: 'AUTH_DATABASE_UNAVAILABLE', message: 'down' });
    expect(errors.isAuthError(cause)).toBe(false);
  });
});
