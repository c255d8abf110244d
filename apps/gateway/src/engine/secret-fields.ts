import { createHash } from 'node:crypto';
import { GatewayError } from '../errors';
import type { JSONSchema } from './schema';

/**
 * Secret-bearing options are the string properties a plugin schema marks `writeOnly: true` (the
 * JSON Schema annotation for "accepted on write, never returned": HS256 secrets, private keys),
 * and the password inside a URL option marked `x-write-only-password: true` (a Redis URL may
 * carry one). This module finds them in a config, wherever they sit in objects and arrays, and
 * rewrites them: redacted for the admin API, restored on a round trip, sealed for the cluster log.
 */

/**
 * Schema annotation of a URL option whose password (`redis://:pw@host`) is a secret. Only the
 * password is rewritten, so the rest of the URL stays readable and a URL without a password is
 * no secret at all (a cluster needs no key for it).
 */
export const URL_PASSWORD_SECRET = 'x-write-only-password';

/** Marker prefix of a redacted secret; the rest is a fingerprint that lets PUT find the secret again. */
export const REDACTED_PREFIX = 'redacted:sha256:';

/** Calls `fn` with every secret string of `value` under `schema` and builds a copy with its answers. */
export function mapSecrets(schema: JSONSchema | undefined, value: unknown, fn: (secret: string, field: string) => string, field = 'config'): unknown {
  if (schema === undefined) return value;
  if (schema['writeOnly'] === true && typeof value === 'string') return fn(value, field);
  if (schema[URL_PASSWORD_SECRET] === true && typeof value === 'string') return mapUrlPassword(value, fn, field);
  if (Array.isArray(value)) {
    const items = schema['items'] as JSONSchema | undefined;
    if (items === undefined) return value;
    return value.map((v, i) => mapSecrets(items, v, fn, `${field}.${i}`));
  }
  if (value !== null && typeof value === 'object') {
    const props = schema['properties'] as Record<string, JSONSchema> | undefined;
    if (props === undefined) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = mapSecrets(props[k], v, fn, `${field}.${k}`);
    return out;
  }
  return value;
}

/** `url` with its password replaced by `fn`'s answer; unchanged when it has none or `fn` keeps it. */
function mapUrlPassword(url: string, fn: (secret: string, field: string) => string, field: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password === '') return url;
  // Markers and sealed values hold ':', which the userinfo keeps percent-encoded: compare decoded.
  let password = parsed.password;
  try {
    password = decodeURIComponent(password);
  } catch {
    // A stray '%' the URL parser kept as is: the text is the password.
  }
  const replaced = fn(password, field);
  if (replaced === password) return url;
  parsed.password = replaced;
  return parsed.toString();
}

/** Whether `schema` marks any option secret (so configs of other kinds are passed through untouched). */
export function hasSecretFields(schema: JSONSchema | undefined): boolean {
  if (schema === undefined || typeof schema !== 'object') return false;
  if (schema['writeOnly'] === true || schema[URL_PASSWORD_SECRET] === true) return true;
  const props = schema['properties'] as Record<string, JSONSchema> | undefined;
  return hasSecretFields(schema['items'] as JSONSchema | undefined) || Object.values(props ?? {}).some(hasSecretFields);
}

/** The marker a secret is shown as: a prefix and 16 hex digits of its SHA-256 (not enough to guess a 32-byte secret). */
export function redactionMarker(secret: string): string {
  return REDACTED_PREFIX + createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** A copy of `config` with every secret replaced by its marker. */
export function redactConfig(schema: JSONSchema | undefined, config: unknown): unknown {
  return mapSecrets(schema, config, (s) => (s.startsWith(REDACTED_PREFIX) ? s : redactionMarker(s)));
}

/**
 * A copy of `config` where every marker is replaced by the stored secret it stands for (a GET →
 * PUT round trip keeps the secret). A marker no stored secret matches is GW_VALIDATION naming it:
 * the new config would otherwise hold the marker as its key.
 */
export function restoreSecrets(schema: JSONSchema | undefined, config: unknown, stored: unknown): unknown {
  const byMarker = new Map<string, string>();
  mapSecrets(schema, stored, (s) => {
    byMarker.set(redactionMarker(s), s);
    return s;
  });
  return mapSecrets(schema, config, (s, field) => {
    if (!s.startsWith(REDACTED_PREFIX)) return s;
    const secret = byMarker.get(s);
    if (secret === undefined) {
      throw new GatewayError('GW_VALIDATION', `${field} is a redacted value that matches no secret of the stored plugin; send the secret itself`, { field });
    }
    return secret;
  });
}
