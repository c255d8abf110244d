// One named circuit with hystrix semantics, on the foundation Clock. Three rules hystrix-style
// libraries (opossum among them) do not keep, and this one does:
// - only the probe decides HALF_OPEN: calls that started before the trip are not counted by the
//   window or the state machine when they end (each call carries the period it started in);
// - every run gets an AbortSignal, aborted at the timeout (and at shutdown);
// - a timed-out call keeps its concurrency slot until its run settles, so hung calls can never
//   exceed maxConcurrent; a run that honours its signal frees the slot at the timeout.
import { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '@gatehouse/foundation';
import { CircuitOpenError, CommandShutdownError, CommandTimeoutError, ConcurrencyRejectedError, FallbackFailedError } from './errors';
import { type CircuitState, type MetricsSnapshot, snapshotOf } from './metrics';
import { RollingWindow } from './rolling-window';
import type { ResolvedSettings } from './settings';

/** What a run function gets first (hystrix-go's `GoC(ctx, …)`). */
export interface CallContext {
  /** Aborted at the call's timeout and at shutdown; created on first read (an AbortSignal costs ~4 µs on Node 20). */
  readonly signal: AbortSignal;
}

/** The function a command protects: a CallContext, then the call's args. */
export type RunFn<A extends unknown[], T> = (call: CallContext, ...args: A) => T | Promise<T>;
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

/** One call holding a slot; its AbortController exists only once the run read `signal`. */
class Call implements CallContext {
  private controller: AbortController | undefined;
  private abortedWith: unknown;
  private aborted = false;

  constructor(
    /** The state period it started in; a call of an earlier period decides nothing. */
    readonly period: number,
    readonly probe: boolean,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortedWith);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortedWith = reason;
    this.controller?.abort(reason);
  }
}

/** One named circuit: state machine, rolling window, slots, timeouts. Created by a BreakerRegistry. */
export class Circuit {
  private readonly window: RollingWindow;
  private readonly events = new EventEmitter();
  private readonly calls = new Set<Call>();
  private current: CircuitState = 'CLOSED';
  private period = 0;
  private probeRunning = false;
  private sleepTimer: TimerHandle | undefined;
  private isShutdown = false;

  constructor(
    /** The command name. */
    readonly name: string,
    /** The settings in force (validated and frozen). */
    readonly settings: ResolvedSettings,
    private readonly clock: Clock,
  ) {
    this.window = new RollingWindow(settings.rollingWindowMs, settings.rollingBuckets, clock);
  }

  /** Current state in English terms (CLOSED = traffic flows = the talk's 打开). */
  get state(): CircuitState {
    return this.current;
  }

  /** Calls holding a concurrency slot (timed-out calls whose run has not settled included). */
  get inFlight(): number {
    return this.calls.size;
  }

  /** Runs `run(call, ...args)` through the circuit; `fallback` (if any) handles failures. */
  async fire<A extends unknown[], T>(run: RunFn<A, T>, fallback: FallbackFn<A, T> | undefined, args: A): Promise<T> {
    if (this.isShutdown) throw new CommandShutdownError(this.name);
    this.window.count('fires');
    const probe = this.current === 'HALF_OPEN' && !this.probeRunning;
    if (this.current === 'OPEN' || (this.current === 'HALF_OPEN' && !probe)) {
      const err = new CircuitOpenError(this.name);
      this.window.count('shortCircuited');
      this.events.emit('shortCircuit', err);
      return this.fail(err, fallback, args);
    }
    if (this.calls.size >= this.settings.maxConcurrent) {
      const err = new ConcurrencyRejectedError(this.name, this.settings.maxConcurrent);
      this.window.count('concurrencyRejected');
      this.events.emit('concurrencyRejected', err);
      return this.fail(err, fallback, args);
    }
    if (probe) this.probeRunning = true;
    const call = new Call(this.period, probe);
    this.calls.add(call);
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = await this.run(call, run, args);
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (outcome.ok) return outcome.value;
    if (outcome.error instanceof CommandTimeoutError || !this.settings.errorFilter(outcome.error)) return this.fail(outcome.error, fallback, args);
    throw outcome.error; // a filtered error: the caller's problem, no fallback
  }

  /** Subscribes to a circuit event. */
  on<E extends keyof CircuitEvents>(event: E, listener: (...args: CircuitEvents[E]) => void): this {
    this.events.on(event, listener as (...a: unknown[]) => void);
    return this;
  }

  /** Removes a listener added with `on`. */
  off<E extends keyof CircuitEvents>(event: E, listener: (...args: CircuitEvents[E]) => void): this {
    this.events.off(event, listener as (...a: unknown[]) => void);
    return this;
  }

  /** A snapshot of the rolling window: counts, error %, latency percentiles, state and slots in use. */
  metrics(): MetricsSnapshot {
    return snapshotOf(this.name, this.current, this.window, this.calls.size);
  }

  /** Forces the circuit OPEN (e.g. from an operator switch); it half-opens after the sleep window. */
  trip(): void {
    if (this.current !== 'OPEN') this.open();
  }

  /** Forces the circuit CLOSED and empties its window. */
  reset(): void {
    this.close();
  }

  /** Stops the sleep timer, aborts running calls and rejects further calls with `BRK_SHUTDOWN`. */
  shutdown(): void {
    this.isShutdown = true;
    if (this.sleepTimer !== undefined) this.clock.clearTimeout(this.sleepTimer);
    for (const call of this.calls) call.abort(new CommandShutdownError(this.name));
    this.events.removeAllListeners();
  }

  /** Runs one call: resolves at its outcome or its timeout, whichever comes first; the slot is freed when the run settles. */
  private run<A extends unknown[], T>(call: Call, run: RunFn<A, T>, args: A): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    const started = this.clock.monotonic();
    return new Promise((resolve) => {
      let decided = false;
      let timer: TimerHandle | undefined;
      if (this.settings.timeoutMs > 0) {
        timer = this.clock.setTimeout(() => {
          decided = true;
          const err = new CommandTimeoutError(this.name, this.settings.timeoutMs);
          call.abort(err);
          this.record(call, 'timeout', this.clock.monotonic() - started, err);
          resolve({ ok: false, error: err });
        }, this.settings.timeoutMs);
      }
      const settle = (result: { ok: true; value: T } | { ok: false; error: unknown }): void => {
        this.calls.delete(call);
        if (decided) return; // timed out before: the slot is free now, nothing else to decide
        decided = true;
        if (timer !== undefined) this.clock.clearTimeout(timer);
        const latency = this.clock.monotonic() - started;
        const counts = result.ok || this.settings.errorFilter(result.error);
        this.record(call, counts ? 'success' : 'failure', latency, result.ok ? undefined : result.error);
        resolve(result);
      };
      new Promise<T>((res) => res(run(call, ...args))).then(
        (value) => settle({ ok: true, value }),
        (error: unknown) => settle({ ok: false, error }),
      );
    });
  }

  /** Counts an outcome and moves the state machine, unless the call belongs to an earlier period. */
  private record(call: Call, outcome: 'success' | 'failure' | 'timeout', latencyMs: number, err: unknown): void {
    if (outcome === 'success') this.events.emit('success', latencyMs);
    else {
      if (outcome === 'timeout') this.events.emit('timeout', err);
      this.events.emit('failure', err, latencyMs);
    }
    if (call.probe) this.probeRunning = false;
    if (call.period !== this.period) return; // started before a trip: it decides nothing
    this.window.latency(latencyMs);
    if (outcome === 'success') this.window.count('successes');
    else this.window.count('failures');
    if (outcome === 'timeout') this.window.count('timeouts');
    if (call.probe) {
      if (outcome === 'success') this.close();
      else this.open();
      return;
    }
    if (outcome !== 'success' && this.current === 'CLOSED') this.maybeTrip();
  }

  private maybeTrip(): void {
    const t = this.window.totals();
    const ran = t.successes + t.failures;
    if (ran < this.settings.requestVolumeThreshold || ran === 0) return;
    // opossum's rule, kept: strictly above the threshold (hystrix-go uses "at or above").
    if ((t.failures / ran) * 100 > this.settings.errorPercentThreshold) this.open();
  }

  private async fail<A extends unknown[], T>(err: unknown, fallback: FallbackFn<A, T> | undefined, args: A): Promise<T> {
    if (fallback === undefined) throw err;
    this.events.emit('fallback', err);
    let value: T;
    try {
      value = await fallback(err, ...args);
    } catch (fbErr) {
      throw new FallbackFailedError(this.name, err, fbErr);
    }
    this.window.count('fallbacks');
    return value;
  }

  private open(): void {
    this.period++;
    this.probeRunning = false;
    if (this.sleepTimer !== undefined) this.clock.clearTimeout(this.sleepTimer);
    this.sleepTimer = this.clock.setTimeout(() => this.transition('HALF_OPEN'), this.settings.sleepWindowMs);
    this.transition('OPEN');
  }

  private close(): void {
    if (this.sleepTimer !== undefined) this.clock.clearTimeout(this.sleepTimer);
    this.sleepTimer = undefined;
    if (this.current !== 'CLOSED') this.period++;
    this.probeRunning = false;
    this.window.reset();
    this.transition('CLOSED');
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (to === 'HALF_OPEN') this.probeRunning = false;
    this.events.emit('stateChange', to, from);
  }
}
