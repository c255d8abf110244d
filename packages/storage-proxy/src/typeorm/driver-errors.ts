// Tells a unique/primary-key violation apart from other failures, for each supported driver.
import { DuplicateKeyError } from '../errors';
import type { Key } from '../types';

// PostgreSQL SQLSTATE, MySQL/MariaDB error code, SQLite extended result codes.
const DUPLICATE_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

/** A DuplicateKeyError when `err` (a TypeORM QueryFailedError or a driver error) is one; else undefined. */
export function duplicateKeyFrom(err: unknown, key: Key | null): DuplicateKeyError | undefined {
  const driverError = (err as { driverError?: unknown } | null)?.driverError ?? err;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DUPLICATE_CODES.has(code) ? new DuplicateKeyError(key, err) : undefined;
}
