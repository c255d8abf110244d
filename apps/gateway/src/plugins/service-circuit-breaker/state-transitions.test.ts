import { ManualClock } from '../../engine/clock';
import { BreakerState, CircuitBreaker } from './circuit-breaker';
import type { ServiceCircuitBreakerConfig } from './schema';

const { Off, Closed, Open, HalfOpen } = BreakerState;

function breaker(over: Partial<ServiceCircuitBreakerConfig> = {}) {
  const clock = new ManualClock();
  const transitions: string[] = [];
  const b = new CircuitBreaker(
    {
      plugin_name: 'cb',
      plugins_concerned: ['backend'],
      all_tps_threshold_to_enable: 1,
      failure_tps_threshold_to_break: 5,
      failure_tps_percent_threshold_to_break: 0,
      slow_call_duration_msec: 0,
      slow_call_percent_threshold_to_break: 50,
      recovery_time_msec: 1000,
      half_open_permitted_calls: 3,
      half_open_dwell_msec: 10_000,
      ...over,
    },
    clock,
    (from, to) => transitions.push(`${BreakerState[from]}→${BreakerState[to]}`),
  );
  /** One 5-s tick with `ok` good and `bad` failed runs (and `slow` of them slow) in it. */
  const tick = (ok: number, bad = 0, slow = 0): void => {
    for (let i = 0; i < ok; i++) b.record(true, i < slow);
    for (let i = 0; i < bad; i++) b.record(false, false);
    clock.advance(5000);
    b.tick();
  };
  return { b, clock, tick, transitions };
}

/** Drives a breaker to Open: healthy, then failing at 100 rps. */
function opened(over: Partial<ServiceCircuitBreakerConfig> = {}) {
  const h = breaker(over);
  h.tick(500);
  h.tick(0, 500);
  expect(h.b.state).toBe(Open);
  return h;
}

describe('ServiceCircuitBreaker state machine (ManualClock)', () => {
  it('starts Off and lets everything through; Off → Closed once calls reach all_tps_threshold_to_enable', () => {
    const { b, tick } = breaker();
    expect(b.state).toBe(Off);
    expect(b.admit()).toBe(true);
    tick(4); // 0.8 rps
    expect(b.state).toBe(Off);
    tick(500);
    expect(b.state).toBe(Closed);
  });

  it('Off → Open at once when the service fails from the start (Off falls into the Closed checks)', () => {
    const { b, tick, transitions } = breaker();
    tick(0, 500);
    expect(b.state).toBe(Open);
    expect(transitions).toEqual(['Off→Closed', 'Closed→Open']);
  });

  it('Closed → Open when failed calls per second reach failure_tps_threshold_to_break, within one tick at 100 rps', () => {
    const { b, tick } = breaker();
    tick(500);
    tick(480, 20); // 4 failures/s is under 5: stays closed (EWMA: 0.32/s)
    expect(b.state).toBe(Closed);
    tick(0, 500);
    expect(b.state).toBe(Open);
    expect(b.admit()).toBe(false);
  });

  it('Closed → Open on the failed share when failure_tps_percent_threshold_to_break is set', () => {
    const { b, tick } = breaker({ failure_tps_threshold_to_break: 1000, failure_tps_percent_threshold_to_break: 30 });
    tick(50, 0);
    tick(20, 40);
    expect(b.figures().failure / b.figures().all).toBeLessThan(0.3);
    expect(b.state).toBe(Closed);
    for (let i = 0; i < 10 && b.state === Closed; i++) tick(20, 40);
    expect(b.state).toBe(Open);
  });

  it('Closed → Open on the slow-call share when slow calls are watched', () => {
    const { b, tick } = breaker({ failure_tps_threshold_to_break: 1000, slow_call_duration_msec: 500, slow_call_percent_threshold_to_break: 50 });
    tick(100, 0, 0);
    tick(100, 0, 40);
    expect(b.state).toBe(Closed);
    for (let i = 0; i < 20 && b.state === Closed; i++) tick(100, 0, 100);
    expect(b.state).toBe(Open);
    expect(b.figures().slow / b.figures().all).toBeGreaterThanOrEqual(0.5);
  });

  it('Closed → Off when calls fall under the enable threshold', () => {
    const { b, tick } = breaker({ all_tps_threshold_to_enable: 10 });
    tick(100);
    expect(b.state).toBe(Closed);
    for (let i = 0; i < 30 && b.state === Closed; i++) tick(0);
    expect(b.state).toBe(Off);
  });

  it('Open refuses until recovery_time_msec has passed, then HalfOpen lets only the permitted probes through', () => {
    const { b, clock } = opened();
    clock.advance(999);
    expect(b.admit()).toBe(false);
    expect(b.state).toBe(Open);
    clock.advance(1);
    expect([b.admit(), b.admit(), b.admit()]).toEqual([true, true, true]);
    expect(b.state).toBe(HalfOpen);
    expect(b.admit()).toBe(false);
    expect(b.state).toBe(HalfOpen);
  });

  it('Open → HalfOpen also at a tick once recovery is due (the indicator moves without traffic)', () => {
    const { b, tick } = opened();
    tick(0);
    expect(b.state).toBe(HalfOpen);
  });

  it('HalfOpen → Closed after the dwell when the probes succeeded; the rates start afresh', () => {
    const { b, clock, transitions } = opened();
    clock.advance(1000);
    for (let i = 0; i < 3; i++) expect(b.admit()).toBe(true);
    for (let i = 0; i < 3; i++) b.record(true, false);
    expect(b.state).toBe(HalfOpen);
    clock.advance(9_999);
    expect(b.admit()).toBe(false);
    clock.advance(1);
    expect(b.admit()).toBe(true);
    expect(b.state).toBe(Closed);
    expect(b.figures()).toEqual({ all: 0, failure: 0, slow: 0 });
    expect(transitions.slice(-3)).toEqual(['Closed→Open', 'Open→HalfOpen', 'HalfOpen→Closed']);
  });

  it('HalfOpen → Open at once when failed probes reach the break share', () => {
    const { b, clock } = opened({ half_open_permitted_calls: 4 });
    clock.advance(1000);
    for (let i = 0; i < 4; i++) b.admit();
    b.record(false, false);
    expect(b.state).toBe(HalfOpen);
    b.record(false, false); // 2 of 4 = 50 %
    expect(b.state).toBe(Open);
  });

  it('HalfOpen → Open after the dwell when no probe came back, or too many were slow', () => {
    const idle = opened();
    idle.clock.advance(1000);
    idle.b.admit();
    idle.clock.advance(10_000);
    idle.b.tick();
    expect(idle.b.state).toBe(Open);

    const slow = opened({ slow_call_duration_msec: 500, half_open_permitted_calls: 10 });
    slow.clock.advance(1000);
    for (let i = 0; i < 4; i++) slow.b.admit();
    for (let i = 0; i < 4; i++) slow.b.record(true, i < 2);
    expect(slow.b.state).toBe(HalfOpen);
    slow.clock.advance(10_000);
    expect(slow.b.admit()).toBe(false);
    expect(slow.b.state).toBe(Open);
  });

  it('a configurable dwell: a short one decides as soon as it has passed', () => {
    const { b, clock } = opened({ half_open_dwell_msec: 1 });
    clock.advance(1000);
    expect(b.admit()).toBe(true);
    b.record(true, false);
    expect(b.state).toBe(HalfOpen);
    clock.advance(1);
    expect(b.admit()).toBe(true);
    expect(b.state).toBe(Closed);
  });
});
