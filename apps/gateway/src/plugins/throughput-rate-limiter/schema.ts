import type { JSONSchema } from '../../engine/schema';

/** Config of a ThroughputRateLimiter plugin (defaults filled in). */
export interface ThroughputRateLimiterConfig {
  plugin_name: string;
  /** Requests per second as a string: "-1" = unlimited, "0" = reject all, decimals allowed (up to 8 digits and 6 decimals). */
  tps: string;
  /** How long a request may queue for a token: 0 = reject at once, -1 = wait as long as needed. @default 200 */
  timeout_msec: number;
  /** Task key the flow-controlled percentage of the last minute (0–100) is written to; "" = none. @default "" */
  flow_control_percentage_key: string;
}

export const throughputRateLimiterSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'tps'],
  properties: {
    plugin_name: { type: 'string' },
    tps: {
      type: 'string',
      maxLength: 16,
      pattern: '^(-1|[0-9]{1,8}(\\.[0-9]{1,6})?)$',
      description: 'Requests per second, at most 99999999.999999; "-1" unlimited, "0" rejects all.',
    },
    timeout_msec: { type: 'integer', minimum: -1, maximum: 3600000, default: 200 },
    flow_control_percentage_key: { type: 'string', maxLength: 128, default: '' },
  },
};
