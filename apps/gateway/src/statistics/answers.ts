/**
 * The shapes of the statistics REST answers, as the server builds them and the dashboard reads
 * them. Types only, with no imports, so the browser bundle (src/dashboard) can share them.
 */

/** One line of the all-pipelines overview (`stat top`, the dashboard's front page). */
export interface PipelineOverview {
  pipeline: string;
  rate_1m: number;
  rate_5m: number;
  rate_15m: number;
  failure_rate_1m: number;
  count: number;
  failure_count: number;
  p50_ns: number | null;
  p99_ns: number | null;
  in_flight: number;
  wait_queue: number;
}

/** Every figure of a pipeline in one answer, for dashboards. */
export interface PipelineSnapshot {
  pipeline: string;
  /** The 30-s latency window ends at the last 5-s tick; rates are EWMAs. */
  window_sec: number;
  indicators: Record<string, number | null>;
  task: Record<string, number | null>;
  plugins: { name: string; type: string; indicators: Record<string, number | null> }[];
  /** The last failed tasks, newest first (at most 20). */
  recent_errors: RecentError[];
}

/** A failed task as the snapshot lists it. */
export interface RecentError {
  /** When it finished, ISO 8601 (wall clock). */
  time: string;
  /** Milliseconds between then and this answer. */
  age_ms: number;
  /** The plugin that set the error ("" when none is known). */
  plugin: string;
  result_code: number;
  /** e.g. GW_FLOW_CONTROL; "" when the plugin gave none. */
  error_code: string;
  /** The task's error message, cut at 500 characters. */
  message: string;
}

/** The plugin-registered indicators of one pipeline's plugins (limiter, queue, breaker states). */
export interface RegisteredIndicators {
  pipeline: string;
  plugins: { name: string; type: string; indicators: { name: string; desc: string; value: number | null }[] }[];
}
