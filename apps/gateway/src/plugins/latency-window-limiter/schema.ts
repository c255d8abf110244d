import type { JSONSchema } from '../../engine/schema';
import { pluginsConcernedSchema } from '../shared/plugins-concerned';

/** Config of a LatencyWindowLimiter plugin (defaults filled in). */
export interface LatencyWindowLimiterConfig {
  plugin_name: string;
  /** Plugins whose p90 execution times are summed (the backend call). */
  plugins_concerned: string[];
  /** Summed p90 at or above which a finished request counts as slow. @default 800 */
  latency_threshold_msec: number;
  /** The window: requests the limiter passed over `allow_msec` bound the slow count. @default 1000 */
  allow_msec: number;
  /** How long a limited request polls for room: 0 = 429 at once, -1 = as long as needed. @default 1000 */
  backoff_timeout_msec: number;
  /** Share of limited traffic let through as probes, 1–99 %. @default 10 */
  probe_percentage: number;
}

export const latencyWindowLimiterSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'plugins_concerned'],
  properties: {
    plugin_name: { type: 'string' },
    plugins_concerned: pluginsConcernedSchema,
    latency_threshold_msec: { type: 'integer', minimum: 1, maximum: 600000, default: 800 },
    allow_msec: { type: 'integer', minimum: 1, maximum: 600000, default: 1000 },
    backoff_timeout_msec: { type: 'integer', minimum: -1, maximum: 10000, default: 1000 },
    probe_percentage: { type: 'integer', minimum: 1, maximum: 99, default: 10 },
  },
};
