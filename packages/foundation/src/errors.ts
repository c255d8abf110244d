// The FND_ error catalogue (README "Errors"; test/errors-catalogue.test.ts keeps the two in step).
import { GatehouseError } from './gatehouse-error';

/** Every code this package raises. */
export const FOUNDATION_ERROR_CODES = ['FND_INVALID_ARGUMENT', 'FND_AGENT_UNAVAILABLE', 'FND_AGENT_REJECTED', 'FND_AGENT_BAD_REPLY'] as const;

/** One of {@link FOUNDATION_ERROR_CODES}. */
export type FoundationErrorCode = (typeof FOUNDATION_ERROR_CODES)[number];

/** An option or argument is invalid; nothing was sent. */
export class InvalidArgumentError extends GatehouseError<FoundationErrorCode> {
  constructor(field: string, reason: string) {
    super('FND_INVALID_ARGUMENT', `invalid ${field}: ${reason}`, { field });
  }
}

/** The agent could not be reached, did not answer in time, or answered 5xx. Retryable. */
export class AgentUnavailableError extends GatehouseError<FoundationErrorCode> {
  /** The HTTP status when the agent answered (5xx), else undefined. */
  readonly status: number | undefined;
  /** The agent's own error code when it answered with one (e.g. `REG_AGENT_REGISTRY_UNAVAILABLE`). */
  readonly agentCode: string | undefined;
  constructor(operation: string, detail: string, options: { status?: number; agentCode?: string; cause?: unknown } = {}) {
    super('FND_AGENT_UNAVAILABLE', `registry agent ${operation} failed: ${detail}`, { cause: options.cause });
    this.status = options.status;
    this.agentCode = options.agentCode;
  }
}

/** The agent refused the request (4xx); retrying the same request cannot help. */
export class AgentRejectedError extends GatehouseError<FoundationErrorCode> {
  /** The HTTP status (4xx). */
  readonly status: number;
  /** The agent's error code (`REG_AGENT_BAD_REQUEST`, `REG_AGENT_NOT_FOUND`...), when it sent one. */
  readonly agentCode: string | undefined;
  constructor(operation: string, status: number, agentCode: string | undefined, message: string, field: string | undefined) {
    super('FND_AGENT_REJECTED', `registry agent refused ${operation} (${status}${agentCode ? ` ${agentCode}` : ''}): ${message}`, { field });
    this.status = status;
    this.agentCode = agentCode;
  }
}

/** The agent answered 2xx with a body that is not the protocol's shape. */
export class AgentBadReplyError extends GatehouseError<FoundationErrorCode> {
  constructor(operation: string, problem: string) {
    super('FND_AGENT_BAD_REPLY', `registry agent answered ${operation} with a malformed body: ${problem}`);
  }
}
