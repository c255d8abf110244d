// The auth service's error catalogue. Every error the service answers with (or logs as an alarm)
// is one of these classes, with a stable `code`; README.md's "Errors" table lists the same codes
// with how to fix each, and test/errors-catalogue.test.ts fails when the two drift.

/** Options every catalogue error accepts. */
export interface AuthErrorOptions {
  /** The underlying error (driver, network, parser) this one wraps. */
  cause?: unknown;
}

/** Base class of every error this package raises; `status` is the HTTP status it answers with. */
export abstract class AuthError extends Error {
  /** Stable machine-readable code, prefixed `AUTH_`. */
  abstract readonly code: string;
  /** HTTP status the error maps to. */
  abstract readonly status: number;
  /** The request field at fault, for validation errors. */
  readonly field?: string;

  constructor(message: string, options: AuthErrorOptions & { field?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.field !== undefined) this.field = options.field;
  }

  /** The JSON body sent to clients: code, message and the field when there is one. */
  toBody(): { code: string; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

/** The request body is not a JSON object (malformed JSON, another content type, an array...). */
export class InvalidBodyError extends AuthError {
  readonly code = 'AUTH_INVALID_BODY';
  readonly status = 400;
}

/** The request body exceeds the configured size limit. */
export class BodyTooLargeError extends AuthError {
  readonly code = 'AUTH_BODY_TOO_LARGE';
  readonly status = 413;
}

/** A required field is absent. */
export class FieldRequiredError extends AuthError {
  readonly code = 'AUTH_FIELD_REQUIRED';
  readonly status = 400;
}

/** A field has the wrong type or an unusable value (empty, too long). */
export class FieldInvalidError extends AuthError {
  readonly code = 'AUTH_FIELD_INVALID';
  readonly status = 400;
}

/** A new password breaks the password policy (length 8..1024 characters). */
export class PasswordPolicyError extends AuthError {
  readonly code = 'AUTH_PASSWORD_POLICY';
  readonly status = 400;
}

/** A new username breaks the username policy (1..64 of A-Z a-z 0-9 . _ @ + -). */
export class UsernamePolicyError extends AuthError {
  readonly code = 'AUTH_USERNAME_POLICY';
  readonly status = 400;
}

/** Unknown user, wrong password or disabled account: one error so the answer never tells which. */
export class InvalidCredentialsError extends AuthError {
  readonly code = 'AUTH_INVALID_CREDENTIALS';
  readonly status = 401;
  constructor(options: AuthErrorOptions = {}) {
    super('invalid username or password', options);
  }
}

/** The admin endpoint was called without the admin API key, or with a wrong one. */
export class AdminUnauthorizedError extends AuthError {
  readonly code = 'AUTH_ADMIN_UNAUTHORIZED';
  readonly status = 401;
}

/** The admin endpoint is disabled because AUTH_ADMIN_API_KEY is not set. */
export class AdminDisabledError extends AuthError {
  readonly code = 'AUTH_ADMIN_DISABLED';
  readonly status = 403;
}

/** The username is already taken. */
export class UsernameTakenError extends AuthError {
  readonly code = 'AUTH_USERNAME_TAKEN';
  readonly status = 409;
}

/** No route matches the method and path. */
export class RouteNotFoundError extends AuthError {
  readonly code = 'AUTH_NOT_FOUND';
  readonly status = 404;
}

/** Too many login attempts for this username or client address; retry after `retryAfterSeconds`. */
export class TooManyAttemptsError extends AuthError {
  readonly code = 'AUTH_TOO_MANY_ATTEMPTS';
  readonly status = 429;
  constructor(
    /** Whole seconds until the client may try again (the Retry-After header). */
    readonly retryAfterSeconds: number,
    options: AuthErrorOptions = {},
  ) {
    super(`too many login attempts; retry after ${retryAfterSeconds} s`, options);
  }
}

/** The database did not answer (down, unreachable, closed). */
export class DatabaseUnavailableError extends AuthError {
  readonly code = 'AUTH_DATABASE_UNAVAILABLE';
  readonly status = 503;
}

/** The throttle store (Redis) did not answer; login fails closed rather than go unthrottled. */
export class ThrottleUnavailableError extends AuthError {
  readonly code = 'AUTH_THROTTLE_UNAVAILABLE';
  readonly status = 503;
}

/** A stored password hash cannot be parsed (corrupt row or unknown scheme). */
export class HashFormatError extends AuthError {
  readonly code = 'AUTH_HASH_FORMAT';
  readonly status = 500;
}

/** A configuration value (environment variable or option) is invalid; raised at startup. */
export class ConfigInvalidError extends AuthError {
  readonly code = 'AUTH_CONFIG_INVALID';
  readonly status = 500;
}

/** The registry agent refused or never accepted the registration; logged, the service keeps serving. */
export class RegistrationFailedError extends AuthError {
  readonly code = 'AUTH_REGISTRATION_FAILED';
  readonly status = 502;
}

/** An unexpected failure; the body never carries its details. */
export class InternalError extends AuthError {
  readonly code = 'AUTH_INTERNAL';
  readonly status = 500;
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
