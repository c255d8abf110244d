import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import {
  CircuitOpenError,
  CommandShutdownError,
  CommandTimeoutError,
  ConcurrencyRejectedError,
  FallbackFailedError,
} from './errors';
import { type CircuitState, type MetricsSnapshot, snapshotOf } from './metrics';
import type { ResolvedSettings } from './settings';

/** The function a command protects. */
export type RunFn<A extends unknown[], T> = (...args: A) => T | Promise<T>;
/** Produces a degraded result from the failure (breaker error or the call's own error) and the call's args. */
export type FallbackFn<A extends unknown[], T> = (err: unknown, ...args: A) => T | Promise<T>;

/** Events a circuit emits, with their listener arguments. */
export interface CircuitEvents {
  /** The call succeeded (or failed with a filtered error); latency in ms. */
  success: [latencyMs: number];
  /** The call failed and counted against the circuit. */
  failure: [err: unknown, latencyMs: number];
  /** The call timed out (also reported as a failure). */
  timeout: [err: CommandTimeoutError];
  /** The call was rejected because the circuit is open. */
  shortCircuit: [err: CircuitOpenError];
  /** The call was rejected because max concurrency was reached. */
  concurrencyRejected: [err: ConcurrencyRejectedError];
  /** A fallback ran after a failure. */
  fallback: [err: unknown];
  /** The state changed. */
  stateChange: [to: CircuitState, from: CircuitState];
}

type Trampoline = (run: RunFn<unknown[], unknown>, fb: FallbackFn<unknown[], unknown> | undefined, ...args: unknown[]) => unknown;

// One opossum action shared by every command of a name: the run function travels as an argument,
// so several commands (different run/fallback) of one name share one breaker, as in hystrix.
// opossum wraps a plain (non-promise) result itself and catches a synchronous throw, but it reads
// `result.then`, which throws for undefined/null (a void run): those are wrapped here.
const trampoline = ((run, _fb, ...args) => {
  const result = run(...args);
  return result == null ? Promise.resolve(result) : result;
}) as (...a: Parameters<Trampoline>) => Promise<unknown>;

/**
 * One named circuit: an opossum breaker configured with hystrix defaults, plus error mapping,
 * hystrix-style metric reset on close, and typed events. Created by a `BreakerRegistry`.
 */
export class Circuit {
  /** The command name. */
  readonly name: string;
  /** The settings in force (validated and frozen). */
  readonly settings: ResolvedSettings;
  private readonly breaker: CircuitBreaker<Parameters<Trampoline>, unknown>;
  private readonly rotation = new EventEmitter();
  private readonly rotationTimer: NodeJS.Timeout;
  private readonly events = new EventEmitter();
  private current: CircuitState = 'CLOSED';
  private readonly mapError: (err: unknown) => never;

  constructor(name: string, settings: ResolvedSettings) {
    this.name = name;
    this.settings = settings;
    const userFilter = settings.errorFilter;
    this.breaker = new CircuitBreaker(trampoline, {
      name,
      timeout: settings.timeoutMs === 0 ? false : settings.timeoutMs,
      capacity: settings.maxConcurrent,
      volumeThreshold: settings.requestVolumeThreshold,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: settings.rollingBuckets,
      resetTimeout: settings.sleepWindowMs,
      errorThresholdPercentage: settings.errorPercentThreshold,
      rollingPercentilesEnabled: true,
      enableSnapshots: false,
      // We rotate the buckets ourselves so a close can empty the window (hystrix resets metrics
      // on close; opossum alone would keep the failures that tripped it and re-open at once).
      rotateBucketController: this.rotation,
      errorFilter: (err: unknown) => !CircuitBreaker.isOurError(err as Error) && userFilter(err),
    });
    this.rotation.setMaxListeners(1);
    this.rotationTimer = setInterval(() => this.rotation.emit('rotate'), settings.rollingWindowMs / settings.rollingBuckets);
    this.rotationTimer.unref();
    // Fallback per call: the command's fallback travels with the args; with none we re-throw,
    // which opossum reports as a plain rejection (no 'fallback' count).
    this.breaker.fallback((...all: unknown[]) => {
      const fb = all[1] as FallbackFn<unknown[], unknown> | undefined;
      const err = all[all.length - 1];
      const ours = this.translate(err);
      if (fb === undefined) throw ours;
      this.events.emit('fallback', ours);
      return this.runFallback(fb, ours, all.slice(2, -1));
    });
    this.breaker.on('open', () => this.transition('OPEN'));
    this.breaker.on('halfOpen', () => this.transition('HALF_OPEN'));
    this.breaker.on('close', () => {
      for (let i = 0; i < settings.rollingBuckets; i++) this.rotation.emit('rotate');
      this.transition('CLOSED');
    });
    this.mapError = (err: unknown): never => {
      throw this.translate(err);
    };
  }

  /** Current state in English terms (CLOSED = traffic flows = the talk's 打开). */
  get state(): CircuitState {
    return this.current;
  }

  /** Runs `run(...args)` through the circuit; `fallback` (if any) handles failures. */
  fire<A extends unknown[], T>(run: RunFn<A, T>, fallback: FallbackFn<A, T> | undefined, args: A): Promise<T> {
    return (this.breaker.fire(run as RunFn<unknown[], unknown>, fallback as FallbackFn<unknown[], unknown>, ...args) as Promise<T>).then(
      undefined,
      this.mapError,
    );
  }

  /** Subscribes to a circuit event. Per-call events are wired to opossum only once someone listens. */
  on<E extends keyof CircuitEvents>(event: E, listener: (...args: CircuitEvents[E]) => void): this {
    if (this.events.listenerCount(event) === 0) this.wire(event);
    this.events.on(event, listener as (...a: unknown[]) => void);
    return this;
  }

  /** Removes a listener added with `on`. */
  off<E extends keyof CircuitEvents>(event: E, listener: (...args: CircuitEvents[E]) => void): this {
    this.events.off(event, listener as (...a: unknown[]) => void);
    return this;
  }

  /** A snapshot of the rolling window: counts, error %, latency percentiles and state. */
  metrics(): MetricsSnapshot {
    return snapshotOf(this.name, this.current, this.breaker.stats);
  }

  /** Forces the circuit OPEN (e.g. from an operator switch); it half-opens after the sleep window. */
  trip(): void {
    this.breaker.open();
  }

  /** Forces the circuit CLOSED and empties its window. */
  reset(): void {
    this.breaker.close();
  }

  /** Stops timers and rejects further calls with `BRK_SHUTDOWN`. */
  shutdown(): void {
    clearInterval(this.rotationTimer);
    this.breaker.shutdown();
    this.events.removeAllListeners();
  }

  private wire(event: keyof CircuitEvents): void {
    const emit = (...a: unknown[]): boolean => this.events.emit(event, ...a);
    switch (event) {
      case 'success':
        this.breaker.on('success', (_r: unknown, latency: number) => emit(latency));
        break;
      case 'failure':
        this.breaker.on('failure', (err: unknown, latency: number) => emit(this.translate(err), latency));
        break;
      case 'timeout':
        this.breaker.on('timeout', () => emit(new CommandTimeoutError(this.name, this.settings.timeoutMs)));
        break;
      case 'shortCircuit':
        this.breaker.on('reject', () => emit(new CircuitOpenError(this.name)));
        break;
      case 'concurrencyRejected':
        this.breaker.on('semaphoreLocked', () => emit(new ConcurrencyRejectedError(this.name, this.settings.maxConcurrent)));
        break;
      default:
        break; // fallback and stateChange are emitted by this class directly
    }
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.events.emit('stateChange', to, from);
  }

  private async runFallback(fb: FallbackFn<unknown[], unknown>, err: unknown, args: unknown[]): Promise<unknown> {
    try {
      return await fb(err, ...args);
    } catch (fbErr) {
      throw new FallbackFailedError(this.name, err, fbErr);
    }
  }

  /** Maps opossum's own errors to ours; the wrapped call's errors (and ours) pass through. */
  private translate(err: unknown): unknown {
    if (!(err instanceof Error) || !CircuitBreaker.isOurError(err)) return err;
    switch ((err as Error & { code?: string }).code) {
      case 'EOPENBREAKER':
        return new CircuitOpenError(this.name);
      case 'ETIMEDOUT':
        return new CommandTimeoutError(this.name, this.settings.timeoutMs);
      case 'ESEMLOCKED':
        return new ConcurrencyRejectedError(this.name, this.settings.maxConcurrent);
      case 'ESHUTDOWN':
        return new CommandShutdownError(this.name);
      default:
        return err;
    }
  }
}
