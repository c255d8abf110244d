// The SP_ error catalogue. The package README lists every code; test/errors-catalogue.test.ts
// fails when the two drift. Errors of the wrapped client (ioredis, the DB driver) travel as `cause`.
import { GatehouseError } from '@gatehouse/foundation';
import type { Key } from './types';

/** Every code this package throws. */
export const ERROR_CODES = [
  'SP_EMPTY_OBJECT',
  'SP_INVALID_KEY',
  'SP_ENCODE',
  'SP_DECODE',
  'SP_DUPLICATE_KEY',
  'SP_CACHE_UNAVAILABLE',
  'SP_STORAGE',
  'SP_UNSUPPORTED',
  'SP_INVALID_OPTIONS',
  'SP_MISSING_DEPENDENCY',
] as const;

/** One of {@link ERROR_CODES}. */
export type StorageErrorCode = (typeof ERROR_CODES)[number];

/** Base class of every error this package raises; tells ours apart from the wrapped call's. */
export class StorageProxyError extends GatehouseError<StorageErrorCode> {}

/** A miss: nothing is stored under `key`. Not a failure; `isEmpty(err)` tells it apart. */
export class EmptyObjectError extends StorageProxyError {
  constructor(readonly key: Key) {
    super('SP_EMPTY_OBJECT', `no object stored under key ${JSON.stringify(key)}`);
  }
}

/** A key that is neither a non-empty string nor a safe integer (or a null key where one is needed). */
export class InvalidKeyError extends StorageProxyError {
  constructor(readonly key: unknown, reason: string) {
    super('SP_INVALID_KEY', `invalid key ${describe(key)}: ${reason}`);
  }
}

/** The codec cannot encode the value (undefined, a BigInt or a cycle under JSON, ...). */
export class EncodeError extends StorageProxyError {
  constructor(codec: string, cause: unknown) {
    super('SP_ENCODE', `${codec} codec cannot encode the value: ${messageOf(cause)}`, { cause });
  }
}

/** Stored bytes the codec cannot decode (written by another codec, or corrupt). */
export class DecodeError extends StorageProxyError {
  constructor(codec: string, readonly key: Key, cause: unknown) {
    super('SP_DECODE', `${codec} codec cannot decode the value under key ${JSON.stringify(key)}: ${messageOf(cause)}`, { cause });
  }
}

/** `add` of a key that already exists (a unique or primary-key violation). */
export class DuplicateKeyError extends StorageProxyError {
  constructor(readonly key: Key | null, cause?: unknown) {
    super('SP_DUPLICATE_KEY', `an object with key ${JSON.stringify(key)} already exists`, { cause });
  }
}

/** The cache server is down, not ready, or did not answer within the command timeout. */
export class CacheUnavailableError extends StorageProxyError {
  /** True when the command was sent and its deadline passed (Redis may still run it). */
  readonly timedOut: boolean;
  constructor(what: string, cause?: unknown, timedOut = false) {
    super('SP_CACHE_UNAVAILABLE', `cache unavailable: ${what}${cause === undefined ? '' : `: ${messageOf(cause)}`}`, { cause });
    this.timedOut = timedOut;
  }
}

/** The backing store (the database) failed; the driver's error is the cause. */
export class StorageFailureError extends StorageProxyError {
  constructor(operation: string, cause: unknown) {
    super('SP_STORAGE', `storage ${operation} failed: ${messageOf(cause)}`, { cause });
  }
}

/** The operation is not offered by this storage (e.g. `incr` on a table). */
export class UnsupportedOperationError extends StorageProxyError {
  constructor(operation: string, storage: string) {
    super('SP_UNSUPPORTED', `${storage} does not support ${operation}`);
  }
}

/** Options rejected at construction time, before anything connects. */
export class InvalidOptionsError extends StorageProxyError {
  constructor(message: string) {
    super('SP_INVALID_OPTIONS', message);
  }
}

/** An optional peer package a chosen feature needs is not installed (e.g. msgpackr for the msgpack codec). */
export class MissingDependencyError extends StorageProxyError {
  constructor(readonly packageName: string, feature: string, cause: unknown) {
    super('SP_MISSING_DEPENDENCY', `${feature} needs the package "${packageName}", which is not installed: add it to your dependencies`, { cause });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return `of type ${typeof value}`;
}
