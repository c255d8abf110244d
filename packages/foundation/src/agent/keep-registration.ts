// Keeps one app instance registered with the local agent: registers (retrying with backoff while
// the agent is down, giving up only on a 4xx), heartbeats, and registers again as soon as a
// heartbeat answers that the agent does not know the instance (an agent that lost its state).
import { backoffDelay, type BackoffOptions } from '../backoff';
import type { Clock, TimerHandle } from '../clock/clock';
import { systemClock } from '../clock/system-clock';
import { AgentRejectedError } from '../errors';
import type { AgentClient } from './agent-client';
import type { AgentRegistration } from './protocol';

/** What happened, for logs and alarms. */
export type AgentRegistrationEvent =
  | { type: 'registered'; id: string; again: boolean }
  | { type: 'rejected'; error: AgentRejectedError }
  | { type: 'unavailable'; error: unknown; attempt: number; retryInMs: number }
  | { type: 'unknown'; id: string }
  | { type: 'heartbeat-failed'; error: unknown }
  | { type: 'deregistered'; id: string }
  | { type: 'deregister-failed'; error: unknown };

/** Options of {@link keepAgentRegistration}. */
export interface KeepAgentRegistrationOptions {
  /** Clock of the backoff waits and the heartbeat timer. @default systemClock */
  clock?: Clock;
  /** Time between heartbeats. @default 10000 */
  heartbeatIntervalMs?: number;
  /** Waits between registration attempts while the agent is unreachable. @default { baseMs: 500, maxMs: 10000 } */
  backoff?: BackoffOptions;
  /** Told of every event. @default undefined */
  onEvent?: (event: AgentRegistrationEvent) => void;
}

/** A running registration. */
export interface AgentRegistrationHandle {
  /** Settles with the first outcome: true once registered, false when refused (4xx) or stopped first. */
  readonly registered: Promise<boolean>;
  /** The instance id the agent assigned, once registered. */
  readonly id: string | undefined;
  /** Stops retries and heartbeats, then deregisters when registered. Never rejects. */
  stop(): Promise<void>;
}

/** Registers `registration` through `client` and keeps it registered until `stop()`. */
export function keepAgentRegistration(client: AgentClient, registration: AgentRegistration, options: KeepAgentRegistrationOptions = {}): AgentRegistrationHandle {
  const clock = options.clock ?? systemClock;
  const interval = options.heartbeatIntervalMs ?? 10_000;
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 10_000 };
  const emit = (event: AgentRegistrationEvent): void => options.onEvent?.(event);
  const stopper = new AbortController();
  const { signal } = stopper;
  let id: string | undefined;
  let timer: TimerHandle | undefined;
  let busy: Promise<unknown> = Promise.resolve();

  /** Registers until it works, is refused, or is stopped; true when registered. */
  const registerUntilDone = async (again: boolean): Promise<boolean> => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        id = (await client.register(registration, { signal })).id;
        emit({ type: 'registered', id, again });
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        if (error instanceof AgentRejectedError) {
          emit({ type: 'rejected', error });
          return false;
        }
        const retryInMs = backoffDelay(attempt, backoff);
        emit({ type: 'unavailable', error, attempt, retryInMs });
        await clock.sleep(retryInMs, signal).catch(() => undefined);
      }
    }
    return false;
  };

  const scheduleBeat = (): void => {
    if (signal.aborted) return;
    timer = clock.setTimeout(() => {
      busy = beat().finally(scheduleBeat);
    }, interval);
  };

  const beat = async (): Promise<void> => {
    if (id === undefined) return;
    try {
      if ((await client.heartbeat({ name: registration.name, id }, { signal })) === 'unknown') {
        emit({ type: 'unknown', id });
        await registerUntilDone(true);
      }
    } catch (error) {
      if (!signal.aborted) emit({ type: 'heartbeat-failed', error });
    }
  };

  const registered = registerUntilDone(false).then((ok) => {
    if (ok) scheduleBeat();
    return ok;
  });
  busy = registered;

  return {
    registered,
    get id() {
      return id;
    },
    async stop() {
      if (signal.aborted) return;
      stopper.abort();
      if (timer !== undefined) clock.clearTimeout(timer);
      await busy.catch(() => undefined);
      if (id === undefined) return;
      try {
        await client.deregister({ name: registration.name, id });
        emit({ type: 'deregistered', id });
      } catch (error) {
        emit({ type: 'deregister-failed', error });
      }
    },
  };
}
