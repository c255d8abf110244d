import type { JSONSchema } from '../../engine/schema';
import { pluginsConcernedSchema } from '../shared/plugins-concerned';

/** Config of a ServiceCircuitBreaker plugin (defaults filled in). Rates are summed 1-minute EWMAs of `plugins_concerned`, per second. */
export interface ServiceCircuitBreakerConfig {
  plugin_name: string;
  /** Plugins whose runs the breaker watches (the backend call). */
  plugins_concerned: string[];
  /** Calls per second from which the breaker is on (Off → Closed; below it Closed → Off). @default 1 */
  all_tps_threshold_to_enable: number;
  /** Failed calls per second that break it (Closed → Open). @default 1 */
  failure_tps_threshold_to_break: number;
  /** Failed share of calls, %, that breaks it; 0 = off. Also judges the half-open probes (50 when 0). @default 0 */
  failure_tps_percent_threshold_to_break: number;
  /** A call at least this long is slow; 0 = slow calls are not watched. @default 0 */
  slow_call_duration_msec: number;
  /** Slow share of calls, %, that breaks it (with slow_call_duration_msec > 0). @default 50 */
  slow_call_percent_threshold_to_break: number;
  /** Time in Open before probing (Open → HalfOpen). @default 1000 */
  recovery_time_msec: number;
  /** Requests let through as probes in HalfOpen; the rest get 429. @default 10 */
  half_open_permitted_calls: number;
  /** Time in HalfOpen before the probes' verdict closes it (failing probes open it earlier). @default 60000 */
  half_open_dwell_msec: number;
}

export const serviceCircuitBreakerSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'plugins_concerned'],
  properties: {
    plugin_name: { type: 'string' },
    plugins_concerned: pluginsConcernedSchema,
    all_tps_threshold_to_enable: { type: 'number', minimum: 0, maximum: 1000000, default: 1 },
    failure_tps_threshold_to_break: { type: 'number', exclusiveMinimum: 0, maximum: 1000000, default: 1 },
    failure_tps_percent_threshold_to_break: { type: 'number', minimum: 0, maximum: 100, default: 0 },
    slow_call_duration_msec: { type: 'integer', minimum: 0, maximum: 600000, default: 0 },
    slow_call_percent_threshold_to_break: { type: 'number', exclusiveMinimum: 0, maximum: 100, default: 50 },
    recovery_time_msec: { type: 'integer', minimum: 1, maximum: 3600000, default: 1000 },
    half_open_permitted_calls: { type: 'integer', minimum: 1, maximum: 10000, default: 10 },
    half_open_dwell_msec: { type: 'integer', minimum: 1, maximum: 3600000, default: 60000 },
  },
};
