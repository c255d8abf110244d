import type { Clock } from '../../engine/clock';
import { Meter } from '../../engine/statistics/meter';
import type { ServiceCircuitBreakerConfig } from './schema';

/** Breaker states; the numbers are what the CIRCUIT_BREAKER_STATE indicator shows. */
export enum BreakerState {
  Off = 0,
  Closed = 1,
  Open = 2,
  HalfOpen = 3,
}

/** Summed 1-minute rates (per second) of the concerned plugins' runs. */
export interface BreakerFigures {
  all: number;
  failure: number;
  slow: number;
}

/** Probe verdict threshold when failure_tps_percent_threshold_to_break is 0. */
const DEFAULT_PROBE_FAILURE_PERCENT = 50;

/**
 * The ServiceCircuitBreaker's state machine (reference §2.7), beyond 2018 in three ways:
 * HalfOpen lets `half_open_permitted_calls` probes through instead of all traffic and judges them
 * (resilience4j's permitted calls in half-open), its dwell is configurable, and a slow-call rate
 * breaks it too (Easegress, resilience4j). `record` takes every run of a concerned plugin (the
 * statistics' sample callback), `tick` folds them into 1-minute EWMAs and evaluates (the
 * statistics' throughput callback), `admit` decides each request. The rates are the breaker's
 * own and start afresh when it closes after HalfOpen: the pipeline's 1-minute EWMA of failures
 * would still remember the outage for minutes and open it again at the next tick.
 */
export class CircuitBreaker {
  state = BreakerState.Off;
  /** When the current state began (clock ms). */
  since: number;
  private probesAdmitted = 0;
  private probesOk = 0;
  private probesFailed = 0;
  private probesSlow = 0;
  private readonly probeFailurePercent: number;
  private all = new Meter();
  private failure = new Meter();
  private slow = new Meter();

  constructor(
    private readonly c: Readonly<ServiceCircuitBreakerConfig>,
    private readonly clock: Clock,
    private readonly onTransition: (from: BreakerState, to: BreakerState) => void = () => undefined,
  ) {
    this.since = clock.now();
    this.probeFailurePercent = c.failure_tps_percent_threshold_to_break > 0 ? c.failure_tps_percent_threshold_to_break : DEFAULT_PROBE_FAILURE_PERCENT;
  }

  /** One run of a concerned plugin ended (`ok` false: it failed); in HalfOpen it is a probe's result. */
  record(ok: boolean, slow: boolean): void {
    this.all.mark();
    if (!ok) this.failure.mark();
    if (slow) this.slow.mark();
    if (this.state === BreakerState.HalfOpen) this.probeResult(ok, slow);
  }

  /** The summed 1-minute rates as of the last tick. */
  figures(): BreakerFigures {
    return { all: this.all.rate(1), failure: this.failure.rate(1), slow: this.slow.rate(1) };
  }

  /** At each 5-s statistics tick: folds the runs into the rates, then evaluates. */
  tick(): void {
    this.all.tick();
    this.failure.tick();
    this.slow.tick();
    const f = this.figures();
    switch (this.state) {
      case BreakerState.Off:
        // Off goes on into the Closed checks (2018): a service failing from the start opens at once.
        if (f.all >= this.c.all_tps_threshold_to_enable) {
          this.to(BreakerState.Closed);
          this.evaluateClosed(f);
        }
        return;
      case BreakerState.Closed:
        this.evaluateClosed(f);
        return;
      case BreakerState.Open:
        this.recoverIfDue();
        return;
      case BreakerState.HalfOpen:
        this.judgeIfDue();
        return;
    }
  }

  private evaluateClosed(f: BreakerFigures): void {
    if (this.shouldBreak(f)) this.to(BreakerState.Open);
    else if (f.all < this.c.all_tps_threshold_to_enable) this.to(BreakerState.Off);
  }

  /** Whether a request may pass now; in HalfOpen only the permitted probes do. */
  admit(): boolean {
    if (this.state === BreakerState.Open && !this.recoverIfDue()) return false;
    if (this.state === BreakerState.HalfOpen) {
      this.judgeIfDue();
      if (this.state !== BreakerState.HalfOpen) return this.state !== BreakerState.Open;
      if (this.probesAdmitted >= this.c.half_open_permitted_calls) return false;
      this.probesAdmitted++;
    }
    return true;
  }

  /** A probe ended: failing probes open the breaker at once. */
  private probeResult(ok: boolean, slow: boolean): void {
    if (ok) this.probesOk++;
    else this.probesFailed++;
    if (slow) this.probesSlow++;
    const budget = this.c.half_open_permitted_calls;
    if ((this.probesFailed / budget) * 100 >= this.probeFailurePercent) this.to(BreakerState.Open);
    else if (this.watchesSlowCalls() && (this.probesSlow / budget) * 100 >= this.c.slow_call_percent_threshold_to_break) this.to(BreakerState.Open);
    else this.judgeIfDue();
  }

  private shouldBreak(f: BreakerFigures): boolean {
    if (f.failure >= this.c.failure_tps_threshold_to_break) return true;
    if (f.all <= 0) return false;
    const pct = this.c.failure_tps_percent_threshold_to_break;
    if (pct > 0 && (f.failure / f.all) * 100 >= pct) return true;
    return this.watchesSlowCalls() && (f.slow / f.all) * 100 >= this.c.slow_call_percent_threshold_to_break;
  }

  private watchesSlowCalls(): boolean {
    return this.c.slow_call_duration_msec > 0;
  }

  /** Open → HalfOpen once recovery_time_msec has passed; true when it did. */
  private recoverIfDue(): boolean {
    if (this.clock.now() - this.since < this.c.recovery_time_msec) return false;
    this.to(BreakerState.HalfOpen);
    return true;
  }

  /** After the dwell, the probes decide: none, or too many failed or slow → Open; else Closed. */
  private judgeIfDue(): void {
    if (this.clock.now() - this.since < this.c.half_open_dwell_msec) return;
    const n = this.probesOk + this.probesFailed;
    const failing = n === 0 || (this.probesFailed / n) * 100 >= this.probeFailurePercent;
    const slow = n > 0 && this.watchesSlowCalls() && (this.probesSlow / n) * 100 >= this.c.slow_call_percent_threshold_to_break;
    if (failing || slow) {
      this.to(BreakerState.Open);
      return;
    }
    this.all = new Meter();
    this.failure = new Meter();
    this.slow = new Meter();
    this.to(BreakerState.Closed);
  }

  private to(next: BreakerState): void {
    const from = this.state;
    this.state = next;
    this.since = this.clock.now();
    this.probesAdmitted = this.probesOk = this.probesFailed = this.probesSlow = 0;
    this.onTransition(from, next);
  }
}
