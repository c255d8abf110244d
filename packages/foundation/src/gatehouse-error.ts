// The base of every error class in Gatehouse. Each package keeps its own catalogue of codes (with
// documentation and a drift test); its classes extend this base so that every error a Gatehouse
// package raises on purpose has the same shape: a stable `code`, a message, the `cause` it wraps
// and, for input errors, the offending `field`.

/** Options of a {@link GatehouseError}. */
export interface GatehouseErrorOptions {
  /** The underlying failure (driver, network, parser) this error wraps. @default undefined */
  cause?: unknown;
  /** The input field (option, body field, argument) at fault. @default undefined */
  field?: string;
}

/** The JSON form of an error: what a service sends to its clients. */
export interface GatehouseErrorJson<C extends string = string> {
  code: C;
  message: string;
  field?: string;
}

/** Base class of every Gatehouse catalogue error. */
export class GatehouseError<C extends string = string> extends Error {
  /** Stable machine-readable code, prefixed by the package (`REG_`, `SP_`, `AUTH_`...). */
  readonly code: C;
  /** The input field at fault, for validation errors. */
  readonly field: string | undefined;

  constructor(code: C, message: string, options: GatehouseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
  }

  /** `{code, message, field?}`: never the cause, which may hold internals. */
  toJSON(): GatehouseErrorJson<C> {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}

/** True for an error raised on purpose by a Gatehouse package (rather than by a wrapped call). */
export function isGatehouseError(err: unknown): err is GatehouseError {
  return err instanceof GatehouseError;
}

/** A one-line description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0 && err.message === '') return describeError(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
