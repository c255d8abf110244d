// Shape checks for {username, password} bodies. Login only checks types and sane lengths (a
// username that could never exist simply fails like any unknown one); user creation also applies
// the username and password policies.
import { FieldInvalidError, FieldRequiredError, PasswordPolicyError, UsernamePolicyError } from '../errors';

/** A username and password taken from a request body. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Longest password accepted anywhere (OWASP: cap length to bound hashing work). */
export const MAX_PASSWORD_LENGTH = 1024;
/** Shortest password a new account may have. */
export const MIN_PASSWORD_LENGTH = 8;
/** Allowed characters and length of a new username. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@+-]{1,64}$/;

/** Length in Unicode code points, so an emoji counts as one character. */
function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

function stringField(body: Record<string, unknown>, field: string, maxLength: number): string {
  if (!Object.prototype.hasOwnProperty.call(body, field) || body[field] === undefined || body[field] === null) {
    throw new FieldRequiredError(`${field} is required`, { field });
  }
  const value = body[field];
  if (typeof value !== 'string') throw new FieldInvalidError(`${field} must be a string`, { field });
  if (value.length === 0) throw new FieldInvalidError(`${field} must not be empty`, { field });
  if (codePoints(value) > maxLength) {
    throw new FieldInvalidError(`${field} must be at most ${maxLength} characters`, { field });
  }
  // scrypt's HMAC zero-pads short keys, so "pw" and "pw\u0000" would hash alike: refuse NUL outright.
  if (value.includes('\u0000')) throw new FieldInvalidError(`${field} must not contain NUL characters`, { field });
  return value;
}

/** Validates a login body: both fields present, strings, non-empty, bounded. */
export function parseLoginBody(body: Record<string, unknown>): Credentials {
  return { username: stringField(body, 'username', 256), password: stringField(body, 'password', MAX_PASSWORD_LENGTH) };
}

/** Validates a create-user body and applies the username and password policies. */
export function parseNewUserBody(body: Record<string, unknown>): Credentials {
  const username = stringField(body, 'username', 256);
  if (!USERNAME_PATTERN.test(username)) {
    throw new UsernamePolicyError('username must be 1-64 characters of A-Z a-z 0-9 . _ @ + -', { field: 'username' });
  }
  const password = stringField(body, 'password', Number.MAX_SAFE_INTEGER);
  const length = codePoints(password);
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(
      `password must be ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters`,
      { field: 'password' },
    );
  }
  return { username, password };
}
