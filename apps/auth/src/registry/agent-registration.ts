// Registration through the per-host registry agent (slides 21-22) with the one agent client of
// @gatehouse/foundation: POST /v1/register with the service's address and health URL, retried
// with backoff for as long as the agent is unreachable (an AUTH_REGISTRATION_FAILED alarm after
// `alarmAfterAttempts` failures), heartbeats, and registering again whenever a heartbeat answers
// that the agent does not know us (an agent restarted without its state). A 4xx means our
// parameters are wrong: logged, not retried. The service serves whatever happens.
import { AgentClient, describeError, keepAgentRegistration, type AgentRegistrationEvent, type Clock } from '@gatehouse/foundation';
import type { Logger } from 'pino';
import { RegistrationFailedError } from '../errors';

/** What the service tells the agent about itself. */
export interface ServiceRegistration {
  readonly name: string;
  readonly version: string;
  readonly address: string;
  readonly port: number;
  readonly health_url: string;
}

/** Registration tuning. */
export interface RegistrationOptions {
  /** First backoff delay while the agent is unreachable, doubled per attempt. @default 500 */
  baseDelayMs?: number;
  /** Largest backoff delay. @default 10000 */
  maxDelayMs?: number;
  /** Per-request timeout. @default 2000 */
  timeoutMs?: number;
  /** Time between heartbeats. @default 10000 */
  heartbeatIntervalMs?: number;
  /** Failed attempts in a row before the AUTH_REGISTRATION_FAILED alarm (retries go on). @default 5 */
  alarmAfterAttempts?: number;
}

/** A running registration: `registered` settles with the first outcome, `stop` deregisters. */
export interface AgentRegistrationRun {
  readonly registered: Promise<boolean>;
  stop(): Promise<void>;
}

/** One log line per registration event. */
function logEvent(logger: Logger, agentUrl: string, alarmAfter: number, e: AgentRegistrationEvent): void {
  switch (e.type) {
    case 'registered':
      logger.info({ agent: agentUrl, id: e.id, again: e.again }, e.again ? 'registered again with the registry agent' : 'registered with the registry agent');
      return;
    case 'rejected': {
      const err = new RegistrationFailedError(`registry agent rejected the registration (${e.error.status})`, { cause: e.error });
      logger.error({ code: err.code, status: e.error.status, agentCode: e.error.agentCode, field: e.error.field }, err.message);
      return;
    }
    case 'unavailable':
      if (e.attempt + 1 === alarmAfter) {
        const err = new RegistrationFailedError(`registry agent unreachable after ${alarmAfter} attempts; serving unregistered, still retrying`, { cause: e.error });
        logger.error({ code: err.code, err: describeError(e.error) }, err.message);
      } else logger.warn({ attempt: e.attempt + 1, delayMs: e.retryInMs, err: describeError(e.error) }, 'registry agent unavailable; retrying registration');
      return;
    case 'unknown':
      logger.warn({ id: e.id }, 'the registry agent no longer knows this instance; registering again');
      return;
    case 'heartbeat-failed':
      logger.warn({ err: describeError(e.error) }, 'heartbeat to the registry agent failed');
      return;
    case 'deregistered':
      logger.info({ id: e.id }, 'deregistered from the registry agent');
      return;
    case 'deregister-failed':
      logger.warn({ err: describeError(e.error) }, 'deregistration from the registry agent failed');
  }
}

/** Starts registering `registration` with the agent at `agentUrl`. */
export function registerWithAgent(agentUrl: string, registration: ServiceRegistration, logger: Logger, clock: Clock, options: RegistrationOptions = {}): AgentRegistrationRun {
  const client = new AgentClient({ agentUrl, clock, attempts: 1, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
  const alarmAfter = options.alarmAfterAttempts ?? 5;
  const handle = keepAgentRegistration(client, registration, {
    clock,
    onEvent: (e) => logEvent(logger, agentUrl, alarmAfter, e),
    backoff: { baseMs: options.baseDelayMs ?? 500, maxMs: options.maxDelayMs ?? 10_000, jitter: 'none' },
    ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
  });
  return {
    registered: handle.registered,
    async stop() {
      await handle.stop();
      await client.close();
    },
  };
}
