// keepRegistered: the go-micro heartbeat. Calls `register` again every interval; the Consul driver
// turns an unchanged re-registration into a TTL pass. A `healthy()` gate lets the agent stop
// heartbeating while the app's own health URL fails, so Consul marks the instance critical.
import { systemClock, type Clock, type TimerHandle } from '@gatehouse/foundation';
import { InvalidOptionsError } from './errors';
import { DEFAULT_TTL_MS, type Registry, type Service } from './types';

/** Options of `keepRegistered`. */
export interface KeepRegisteredOptions {
  /** TTL passed to `register`. @default 30000 */
  ttlMs?: number;
  /** Time between heartbeats; must be below the TTL. @default ttlMs / 3 */
  intervalMs?: number;
  /** Heartbeat only when this resolves true (the app's own health). @default always healthy */
  healthy?: () => Promise<boolean>;
  /** Called with each heartbeat error (the loop keeps going). */
  onError?: (err: unknown) => void;
  /** Called after each beat: registered, skipped because unhealthy, or failed (after onError). */
  onBeat?: (outcome: BeatOutcome) => void;
  /** @default systemClock */
  clock?: Clock;
}

/** What one beat did. */
export type BeatOutcome = 'registered' | 'unhealthy' | 'failed';

/** A running heartbeat. */
export interface Heartbeat {
  /** Runs one beat now (health check, then register when healthy). */
  beat(): Promise<void>;
  stop(): void;
}

/** Starts heartbeating `service` in `registry` (the first beat runs after one interval). */
export function keepRegistered(registry: Registry, service: Service, opts: KeepRegisteredOptions = {}): Heartbeat {
  const clock = opts.clock ?? systemClock;
  const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
  const interval = opts.intervalMs ?? Math.max(1, Math.floor(ttlMs / 3));
  if (!(interval > 0 && interval < ttlMs)) throw new InvalidOptionsError('intervalMs must be > 0 and < ttlMs', 'intervalMs');
  let stopped = false;
  let timer: TimerHandle | undefined;

  const beat = async (): Promise<void> => {
    let outcome: BeatOutcome = 'registered';
    try {
      if (opts.healthy && !(await opts.healthy())) outcome = 'unhealthy';
      else if (!stopped) await registry.register(service, { ttlMs });
    } catch (err) {
      outcome = 'failed';
      opts.onError?.(err);
    }
    opts.onBeat?.(outcome);
  };
  const schedule = (): void => {
    timer = clock.setTimeout(() => {
      void beat().then(() => {
        if (!stopped) schedule();
      });
    }, interval);
  };
  schedule();
  return {
    beat,
    stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
    },
  };
}
