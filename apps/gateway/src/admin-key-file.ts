import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GatewayError } from './errors';

/** Shortest admin API key accepted from a key file. */
export const MIN_ADMIN_KEY_LENGTH = 16;

/** The admin API key of a key file, and whether this call created it. */
export interface AdminKeyFromFile {
  key: string;
  generated: boolean;
}

const FIELD = 'GATEWAY_ADMIN_API_KEY_FILE';

/**
 * The admin API key kept in `file` (GATEWAY_ADMIN_API_KEY_FILE). An existing file is read (one
 * line, surrounding whitespace dropped); a missing one gets a new random key (32 bytes,
 * base64url) written with mode 0600 and exclusive creation, so two gateways starting on one data
 * directory end up with the same key. An unreadable, empty or short key stops the boot.
 */
export function loadOrCreateAdminKey(file: string): AdminKeyFromFile {
  const existing = readKey(file);
  if (existing !== undefined) return { key: existing, generated: false };
  const key = randomBytes(32).toString('base64url');
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Another process created it between our read and our write: use theirs.
    if (code === 'EEXIST') return { key: readKey(file) ?? key, generated: false };
    throw new GatewayError('GW_BAD_REQUEST', `${FIELD}: cannot create ${file}: ${code ?? String(err)}`, { field: FIELD, cause: err });
  }
  return { key, generated: true };
}

function readKey(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new GatewayError('GW_BAD_REQUEST', `${FIELD}: cannot read ${file}: ${code ?? String(err)}`, { field: FIELD, cause: err });
  }
  const key = text.trim();
  if (key.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(key)) {
    throw new GatewayError(
      'GW_BAD_REQUEST',
      `${FIELD}: ${file} must hold one key of at least ${MIN_ADMIN_KEY_LENGTH} characters without spaces`,
      { field: FIELD },
    );
  }
  return key;
}
