import type { RollingWindow } from './rolling-window';

/** Circuit states in English (hystrix) terms. */
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/**
 * The talk's slide 33 labels, which invert the English terms: 打开 ("switched on", green) means
 * traffic flows = CLOSED; 关闭 ("switched off", red) means tripped = OPEN.
 */
export const TALK_STATE_NAMES: Readonly<Record<CircuitState, string>> = Object.freeze({
  CLOSED: '打开',
  OPEN: '关闭',
  HALF_OPEN: '半开',
});

/** Latency percentiles over the rolling window, in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p99: number;
  p995: number;
  max: number;
  mean: number;
}

/** A point-in-time view of one command's rolling window. */
export interface MetricsSnapshot {
  /** Command name. */
  name: string;
  /** Current state. */
  state: CircuitState;
  /** The same state in the talk's (inverted) Chinese label. */
  stateZh: string;
  /** Calls attempted in the window (including rejected ones). */
  calls: number;
  successes: number;
  /** Failures that count against the circuit (timeouts included). */
  failures: number;
  timeouts: number;
  /** Calls rejected because the circuit was open. */
  shortCircuited: number;
  /** Calls rejected because max concurrency was reached. */
  concurrencyRejected: number;
  /** Fallbacks that produced a value. */
  fallbacks: number;
  /** failures / calls that ran, in percent (0 when nothing ran). */
  errorPercent: number;
  /** Calls holding a concurrency slot now (timed-out calls that have not settled included). */
  inFlight: number;
  latencyMs: LatencyPercentiles;
}

/** The value at percentile `p` (0..1] of ascending `sorted` (nearest rank). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Builds a snapshot of a window. */
export function snapshotOf(name: string, state: CircuitState, window: RollingWindow, inFlight: number): MetricsSnapshot {
  const t = window.totals();
  const ran = t.successes + t.failures;
  const lat = window.sortedLatencies();
  return {
    name,
    state,
    stateZh: TALK_STATE_NAMES[state],
    calls: t.fires,
    successes: t.successes,
    failures: t.failures,
    timeouts: t.timeouts,
    shortCircuited: t.shortCircuited,
    concurrencyRejected: t.concurrencyRejected,
    fallbacks: t.fallbacks,
    errorPercent: ran === 0 ? 0 : (t.failures / ran) * 100,
    inFlight,
    latencyMs: {
      p50: percentile(lat, 0.5),
      p90: percentile(lat, 0.9),
      p99: percentile(lat, 0.99),
      p995: percentile(lat, 0.995),
      max: lat.length === 0 ? 0 : lat[lat.length - 1]!,
      mean: lat.length === 0 ? 0 : lat.reduce((a, b) => a + b, 0) / lat.length,
    },
  };
}
