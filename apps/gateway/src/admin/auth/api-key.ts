import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../errors';

/** The key a request presents: `Authorization: Bearer <key>` first, then `X-API-Key`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    if (m) return m[1];
  }
  const header = headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Compares two keys in time that does not depend on where they differ. Hashing first gives equal
 * lengths, so not even the key's length leaks.
 */
export function keysEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Shortest admin API key accepted at start. @default 16 */
export const MIN_API_KEY_LENGTH = 16;

/** Placeholder keys from examples and compose files, refused whatever their length (compared lower case). */
export const PLACEHOLDER_API_KEYS: readonly string[] = [
  'change-me',
  'changeme',
  'change-me-please',
  'change-this-key',
  'your-api-key-here',
  'replace-me-with-a-real-key',
  'gatehouse-admin-key',
  'secret',
  'password',
];

/**
 * Refuses to start with a key that is guessable: shorter than MIN_API_KEY_LENGTH, equal to a
 * placeholder, or one character repeated. GW_VALIDATION naming GATEWAY_ADMIN_API_KEY.
 */
export function assertUsableApiKey(key: string | undefined): void {
  if (key === undefined) return;
  const field = 'GATEWAY_ADMIN_API_KEY';
  if (PLACEHOLDER_API_KEYS.includes(key.trim().toLowerCase())) {
    throw new GatewayError('GW_VALIDATION', `${field} is a documented placeholder; set a random key (e.g. openssl rand -hex 32)`, { field });
  }
  if (key.length < MIN_API_KEY_LENGTH) {
    throw new GatewayError('GW_VALIDATION', `${field} must be at least ${MIN_API_KEY_LENGTH} characters (e.g. openssl rand -hex 32)`, { field });
  }
  if (new Set(key).size < 4) throw new GatewayError('GW_VALIDATION', `${field} has too few distinct characters to be a key`, { field });
}
