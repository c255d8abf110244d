import type CircuitBreakerType from 'opossum';

/** Circuit states in English (hystrix/opossum) terms. */
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
  latencyMs: LatencyPercentiles;
}

/** Builds a snapshot from opossum's rolling stats. */
export function snapshotOf(name: string, state: CircuitState, stats: CircuitBreakerType.Stats): MetricsSnapshot {
  // opossum counts a timeout as both a timeout and a failure, and rejections as fires.
  const ran = stats.successes + stats.failures;
  const p = stats.percentiles;
  return {
    name,
    state,
    stateZh: TALK_STATE_NAMES[state],
    calls: stats.fires,
    successes: stats.successes,
    failures: stats.failures,
    timeouts: stats.timeouts,
    shortCircuited: stats.rejects,
    concurrencyRejected: stats.semaphoreRejections,
    fallbacks: stats.fallbacks,
    errorPercent: ran === 0 ? 0 : (stats.failures / ran) * 100,
    latencyMs: {
      p50: p[0.5] ?? 0,
      p90: p[0.9] ?? 0,
      p99: p[0.99] ?? 0,
      p995: p[0.995] ?? 0,
      max: p[1] ?? 0,
      mean: stats.latencyMean,
    },
  };
}
