// Nest injection tokens for the values the app factory builds before Nest starts (so their
// lifecycle - open, migrate, close - stays in one place, app.factory.ts).

/** The open TypeORM DataSource. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** The PasswordHasher. */
export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
/** The LoginThrottle. */
export const LOGIN_THROTTLE = Symbol('LOGIN_THROTTLE');
/** The pino logger. */
export const LOGGER = Symbol('LOGGER');
/** The Clock. */
export const CLOCK = Symbol('CLOCK');
/** The admin API key (string) or null when the admin endpoint is disabled. */
export const ADMIN_API_KEY = Symbol('ADMIN_API_KEY');
/** The service version string reported by /v1/health. */
export const SERVICE_VERSION = Symbol('SERVICE_VERSION');
