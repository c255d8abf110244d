/**
 * The breaker's error catalogue. Every error raised by the breaker itself (never by the wrapped
 * call) is a `BreakerError` with a stable `code`; the wrapped call's own errors pass through
 * untouched, so `isBreakerError(err)` tells the two apart.
 */
import { GatehouseError } from '@gatehouse/foundation';

/** Every code this package can raise; the README's catalogue is checked against this list. */
export const BREAKER_ERROR_CODES = [
  'BRK_CIRCUIT_OPEN',
  'BRK_TIMEOUT',
  'BRK_CONCURRENCY_REJECTED',
  'BRK_FALLBACK_FAILED',
  'BRK_SHUTDOWN',
  'BRK_INVALID_SETTINGS',
  'BRK_SETTINGS_CONFLICT',
] as const;

/** One of the stable breaker error codes. */
export type BreakerErrorCode = (typeof BREAKER_ERROR_CODES)[number];

/** Base class of every error the breaker raises itself. */
export class BreakerError extends GatehouseError<BreakerErrorCode> {
  /** The command (circuit) name the error belongs to, when there is one. */
  readonly command: string | undefined;

  constructor(code: BreakerErrorCode, message: string, options: { command?: string; cause?: unknown; field?: string } = {}) {
    super(code, message, { cause: options.cause, field: options.field });
    this.command = options.command;
  }
}

/** The circuit is OPEN (the talk's 关闭): the call was not attempted. */
export class CircuitOpenError extends BreakerError {
  constructor(command: string) {
    super('BRK_CIRCUIT_OPEN', `circuit "${command}" is open; call rejected without running`, { command });
  }
}

/** The call ran longer than the command's timeout; it counts as a failure. */
export class CommandTimeoutError extends BreakerError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(command: string, timeoutMs: number) {
    super('BRK_TIMEOUT', `command "${command}" timed out after ${timeoutMs} ms`, { command });
    this.timeoutMs = timeoutMs;
  }
}

/** Max concurrency was reached: the call was rejected without running. */
export class ConcurrencyRejectedError extends BreakerError {
  /** The concurrency limit in force. */
  readonly maxConcurrent: number;
  constructor(command: string, maxConcurrent: number) {
    super('BRK_CONCURRENCY_REJECTED', `command "${command}" rejected: ${maxConcurrent} calls already in flight`, {
      command,
    });
    this.maxConcurrent = maxConcurrent;
  }
}

/** The fallback itself threw; `cause` is the fallback's error, `original` the failure it handled. */
export class FallbackFailedError extends BreakerError {
  /** The failure that triggered the fallback. */
  readonly original: unknown;
  constructor(command: string, original: unknown, cause: unknown) {
    super('BRK_FALLBACK_FAILED', `fallback of command "${command}" failed: ${describe(cause)}`, { command, cause });
    this.original = original;
  }
}

/** The registry (or this circuit) was shut down; no more calls are accepted. */
export class CommandShutdownError extends BreakerError {
  constructor(command: string) {
    super('BRK_SHUTDOWN', `command "${command}" was shut down`, { command });
  }
}

/** A settings value is out of range or of the wrong type; nothing was created. */
export class InvalidSettingsError extends BreakerError {
  constructor(field: string, reason: string, command?: string) {
    super('BRK_INVALID_SETTINGS', `invalid breaker setting "${field}": ${reason}`, command === undefined ? { field } : { command, field });
  }
}

/** A command name is already registered with different settings. */
export class SettingsConflictError extends BreakerError {
  constructor(command: string, field: string) {
    super(
      'BRK_SETTINGS_CONFLICT',
      `command "${command}" already exists with a different "${field}"; one name has one breaker and one set of settings`,
      { command, field },
    );
  }
}

/** True when `err` was raised by the breaker itself rather than by the wrapped call. */
export function isBreakerError(err: unknown): err is BreakerError {
  return err instanceof BreakerError;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
