// The error catalogue of @gatehouse/registry. Every code is listed, with its fix, in the README;
// test/errors-catalogue.test.ts fails when the two drift.
import { describeError, GatehouseError } from '@gatehouse/foundation';

/** Every error code this package throws. */
export const ErrorCodes = {
  INVALID_SERVICE: 'REG_INVALID_SERVICE',
  INVALID_OPTIONS: 'REG_INVALID_OPTIONS',
  WATCHER_STOPPED: 'REG_WATCHER_STOPPED',
  CLOSED: 'REG_CLOSED',
  CONSUL_UNAVAILABLE: 'REG_CONSUL_UNAVAILABLE',
  CONSUL_REJECTED: 'REG_CONSUL_REJECTED',
  META_TOO_LARGE: 'REG_META_TOO_LARGE',
  DRIVER_MISSING: 'REG_DRIVER_MISSING',
  AGENT_BAD_REQUEST: 'REG_AGENT_BAD_REQUEST',
  AGENT_BODY_TOO_LARGE: 'REG_AGENT_BODY_TOO_LARGE',
  AGENT_NOT_FOUND: 'REG_AGENT_NOT_FOUND',
  AGENT_REGISTRY_UNAVAILABLE: 'REG_AGENT_REGISTRY_UNAVAILABLE',
  AGENT_UNKNOWN_INSTANCE: 'REG_AGENT_UNKNOWN_INSTANCE',
  AGENT_METHOD_NOT_ALLOWED: 'REG_AGENT_METHOD_NOT_ALLOWED',
  AGENT_BODY_TIMEOUT: 'REG_AGENT_BODY_TIMEOUT',
  AGENT_STATE: 'REG_AGENT_STATE',
  AGENT_CONFIG: 'REG_AGENT_CONFIG',
  AGENT_INTERNAL: 'REG_AGENT_INTERNAL',
} as const;

/** A code of the catalogue. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Base class of every error this package throws; tell ours apart with `isRegistryError`. */
export class RegistryError extends GatehouseError<ErrorCode> {}

/** A service or node failed validation (empty name, bad port, duplicate node id...). */
export class InvalidServiceError extends RegistryError {
  constructor(message: string, field: string) {
    super(ErrorCodes.INVALID_SERVICE, message, { field });
  }
}

/** An option given to a driver, watcher or agent is out of range. */
export class InvalidOptionsError extends RegistryError {
  constructor(message: string, field: string) {
    super(ErrorCodes.INVALID_OPTIONS, message, { field });
  }
}

/** `next()` was called on (or was pending when) a watcher was stopped. */
export class WatcherStoppedError extends RegistryError {
  constructor() {
    super(ErrorCodes.WATCHER_STOPPED, 'the watcher was stopped');
  }
}

/** The registry was closed; create a new one. */
export class RegistryClosedError extends RegistryError {
  constructor() {
    super(ErrorCodes.CLOSED, 'the registry is closed');
  }
}

/** Consul could not be reached or answered 5xx. */
export class ConsulUnavailableError extends RegistryError {
  constructor(operation: string, cause: unknown) {
    super(ErrorCodes.CONSUL_UNAVAILABLE, `consul ${operation} failed: ${describe(cause)}`, { cause });
  }
}

/** Consul refused a request with a 4xx (invalid registration, ACL...). */
export class ConsulRejectedError extends RegistryError {
  readonly status: number;
  constructor(operation: string, status: number, cause: unknown) {
    super(ErrorCodes.CONSUL_REJECTED, `consul rejected ${operation} (HTTP ${status}): ${describe(cause)}`, { cause });
    this.status = status;
  }
}

/** Metadata and endpoints do not fit Consul's Meta limits (64 keys, 512-character values). */
export class MetaTooLargeError extends RegistryError {
  constructor(message: string) {
    super(ErrorCodes.META_TOO_LARGE, message, { field: 'metadata' });
  }
}

/** An optional peer dependency a driver needs (the `consul` client) is not installed. */
export class DriverMissingError extends RegistryError {
  constructor(pkg: string, cause: unknown) {
    super(ErrorCodes.DRIVER_MISSING, `install the optional peer dependency "${pkg}" to use this driver`, { cause });
  }
}

/** True when `err` was raised by this package (not by a wrapped call). */
export function isRegistryError(err: unknown): err is RegistryError {
  return err instanceof RegistryError;
}

/** A short human description of any thrown value. */
export const describe = describeError;

/** The agent got a request it cannot use (invalid JSON, missing or bad field). HTTP 400. */
export class AgentBadRequestError extends RegistryError {
  constructor(message: string, field: string) {
    super(ErrorCodes.AGENT_BAD_REQUEST, message, { field });
  }
}

/** The request body is larger than the agent accepts. HTTP 413. */
export class AgentBodyTooLargeError extends RegistryError {
  constructor(limit: number) {
    super(ErrorCodes.AGENT_BODY_TOO_LARGE, `request body larger than ${limit} bytes`, { field: 'body' });
  }
}

/** Unknown service, instance or route. HTTP 404. */
export class AgentNotFoundError extends RegistryError {
  constructor(message: string) {
    super(ErrorCodes.AGENT_NOT_FOUND, message);
  }
}

/** The registry failed after the agent's retries (an alarm was raised). HTTP 503. */
export class AgentRegistryUnavailableError extends RegistryError {
  constructor(message: string, cause: unknown) {
    super(ErrorCodes.AGENT_REGISTRY_UNAVAILABLE, message, { cause });
  }
}

/** The agent's flags or environment are invalid. */
export class AgentConfigError extends RegistryError {
  constructor(message: string, field: string) {
    super(ErrorCodes.AGENT_CONFIG, message, { field });
  }
}

/** A heartbeat named an instance this agent does not know (restarted without it): register again. HTTP 404. */
export class AgentUnknownInstanceError extends RegistryError {
  constructor(name: string, id: string) {
    super(ErrorCodes.AGENT_UNKNOWN_INSTANCE, `this agent does not know instance ${id} of ${name}; register it again`, { field: 'id' });
  }
}

/** The route exists but not with this method. HTTP 405 with an Allow header. */
export class AgentMethodNotAllowedError extends RegistryError {
  constructor(
    method: string,
    path: string,
    /** The methods the route accepts. */
    readonly allow: readonly string[],
  ) {
    super(ErrorCodes.AGENT_METHOD_NOT_ALLOWED, `${method} is not allowed on ${path}; use ${allow.join(', ')}`);
  }
}

/** The request body did not arrive within the body timeout. HTTP 408; the connection is closed. */
export class AgentBodyTimeoutError extends RegistryError {
  constructor(timeoutMs: number) {
    super(ErrorCodes.AGENT_BODY_TIMEOUT, `the request body did not arrive within ${timeoutMs} ms`, { field: 'body' });
  }
}

/** The agent's state file cannot be read, parsed or written. */
export class AgentStateError extends RegistryError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCodes.AGENT_STATE, message, { cause });
  }
}
