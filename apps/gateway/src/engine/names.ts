import { GatewayError } from '../errors';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Plugin and pipeline names are used in admin URLs and file contents, so they must be URL-safe:
 * letters, digits, `_`, `.`, `-`, starting with a letter or digit, at most 128 characters, no `..`.
 */
export function assertValidName(name: unknown, field: string): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name) || name.includes('..')) {
    throw new GatewayError(
      'GW_INVALID_NAME',
      `${field} must be 1-128 URL-safe characters (letters, digits, "_", ".", "-"), start with a letter or digit and not contain ".."`,
      { field },
    );
  }
}
