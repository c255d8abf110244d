// The auth service's error catalogue. Every error the service answers with (or logs as an alarm)
// is one of these classes, with a stable `code`; README.md's "Errors" table lists the same codes
// with how to fix each, and test/errors-catalogue.test.ts fails when the two drift.
import { GatehouseError } from '@gatehouse/foundation';

/** Options every catalogue error accepts. */
export interface AuthErrorOptions {
  /** The underlying error (driver, network, parser) this one wraps. */
  cause?: unknown;
  /** The request field at fault, for validation errors. */
  field?: string;
}

/** Base class of every error this package raises; `status` is the HTTP status it answers with. Its JSON body is `toJSON()`. */
export abstract class AuthError extends GatehouseError<string> {
  /** HTTP status the error maps to. */
  abstract readonly status: number;
}

/** The request body is not a JSON object (malformed JSON, another content type, an array...). */
export class InvalidBodyError extends AuthError {
  readonly status = 400;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_INVALID_BODY', message, options);
  }
}

/** The request body exceeds the configured size limit. */
export class BodyTooLargeError extends AuthError {
  readonly status = 413;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_BODY_TOO_LARGE', message, options);
  }
}

/** A required field is absent. */
export class FieldRequiredError extends AuthError {
  readonly status = 400;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_FIELD_REQUIRED', message, options);
  }
}

/** A field has the wrong type or an unusable value (empty, too long). */
export class FieldInvalidError extends AuthError {
  readonly status = 400;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_FIELD_INVALID', message, options);
  }
}

/** A new password breaks the password policy (length 8..1024 characters). */
export class PasswordPolicyError extends AuthError {
  readonly status = 400;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_PASSWORD_POLICY', message, options);
  }
}

/** A new username breaks the username policy (1..64 of A-Z a-z 0-9 . _ @ + -). */
export class UsernamePolicyError extends AuthError {
  readonly status = 400;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_USERNAME_POLICY', message, options);
  }
}

/** Unknown user, wrong password or disabled account: one error so the answer never tells which. */
export class InvalidCredentialsError extends AuthError {
  readonly status = 401;
  constructor(options: AuthErrorOptions = {}) {
    super('AUTH_INVALID_CREDENTIALS', 'invalid username or password', options);
  }
}

/** The admin endpoint was called without the admin API key, or with a wrong one. */
export class AdminUnauthorizedError extends AuthError {
  readonly status = 401;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_ADMIN_UNAUTHORIZED', message, options);
  }
}

/** The admin endpoint is disabled because AUTH_ADMIN_API_KEY is not set. */
export class AdminDisabledError extends AuthError {
  readonly status = 403;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_ADMIN_DISABLED', message, options);
  }
}

/** The username is already taken. */
export class UsernameTakenError extends AuthError {
  readonly status = 409;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_USERNAME_TAKEN', message, options);
  }
}

/** No route matches the method and path. */
export class RouteNotFoundError extends AuthError {
  readonly status = 404;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_NOT_FOUND', message, options);
  }
}

/** Too many login attempts for this username or client address; retry after `retryAfterSeconds`. */
export class TooManyAttemptsError extends AuthError {
  readonly status = 429;
  constructor(
    /** Whole seconds until the client may try again (the Retry-After header). */
    readonly retryAfterSeconds: number,
    options: AuthErrorOptions = {},
  ) {
    super('AUTH_TOO_MANY_ATTEMPTS', `too many login attempts; retry after ${retryAfterSeconds} s`, options);
  }
}

/** Password hashing is at capacity and its queue is full: shed at once rather than queue for minutes. */
export class OverloadedError extends AuthError {
  readonly status = 503;
  constructor(
    /** Whole seconds until the queue is expected to have drained (the Retry-After header). */
    readonly retryAfterSeconds: number,
  ) {
    super('AUTH_OVERLOADED', `the service is at capacity; retry after ${retryAfterSeconds} s`);
  }
}

/** The database did not answer (down, unreachable, closed). */
export class DatabaseUnavailableError extends AuthError {
  readonly status = 503;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_DATABASE_UNAVAILABLE', message, options);
  }
}

/** The throttle store (Redis) did not answer; login fails closed rather than go unthrottled. */
export class ThrottleUnavailableError extends AuthError {
  readonly status = 503;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_THROTTLE_UNAVAILABLE', message, options);
  }
}

/** A stored password hash cannot be parsed (corrupt row or unknown scheme). */
export class HashFormatError extends AuthError {
  readonly status = 500;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_HASH_FORMAT', message, options);
  }
}

/** A configuration value (environment variable or option) is invalid; raised at startup. */
export class ConfigInvalidError extends AuthError {
  readonly status = 500;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_CONFIG_INVALID', message, options);
  }
}

/** The registry agent refused or never accepted the registration; logged, the service keeps serving. */
export class RegistrationFailedError extends AuthError {
  readonly status = 502;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_REGISTRATION_FAILED', message, options);
  }
}

/** An unexpected failure; the body never carries its details. */
export class InternalError extends AuthError {
  readonly status = 500;
  constructor(message: string, options: AuthErrorOptions = {}) {
    super('AUTH_INTERNAL', message, options);
  }
}

/** Every code of the catalogue, for documentation and the drift test. */
export const ERROR_CODES: readonly string[] = [
  'AUTH_INVALID_BODY',
  'AUTH_BODY_TOO_LARGE',
  'AUTH_FIELD_REQUIRED',
  'AUTH_FIELD_INVALID',
  'AUTH_PASSWORD_POLICY',
  'AUTH_USERNAME_POLICY',
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_ADMIN_UNAUTHORIZED',
  'AUTH_ADMIN_DISABLED',
  'AUTH_USERNAME_TAKEN',
  'AUTH_NOT_FOUND',
  'AUTH_TOO_MANY_ATTEMPTS',
  'AUTH_OVERLOADED',
  'AUTH_DATABASE_UNAVAILABLE',
  'AUTH_THROTTLE_UNAVAILABLE',
  'AUTH_HASH_FORMAT',
  'AUTH_CONFIG_INVALID',
  'AUTH_REGISTRATION_FAILED',
  'AUTH_INTERNAL',
];

/** Tells our catalogue errors apart from errors of wrapped calls. */
export function isAuthError(err: unknown): err is AuthError {
  return err instanceof AuthError;
}
