import type { JSONSchema } from '../../engine/schema';
import { URL_PASSWORD_SECRET } from '../../engine/secret-fields';

/** Config of a ThroughputRateLimiter plugin (defaults filled in). */
export interface ThroughputRateLimiterConfig {
  plugin_name: string;
  /** Local policy: requests per second as a string: "-1" = unlimited, "0" = reject all, decimals allowed (up to 8 digits and 6 decimals). @default "" (required by the local policy) */
  tps: string;
  /** Local policy: how long a request may queue for a token: 0 = reject at once, -1 = wait as long as needed. @default 200 */
  timeout_msec: number;
  /** Task key the flow-controlled percentage of the last minute (0–100) is written to; "" = none. @default "" */
  flow_control_percentage_key: string;
  /**
   * "local": a token bucket in this gateway (tps, burst floor(tps)+1). "redis": a sliding window
   * counted in Redis, so `window_limit` holds across every gateway sharing the Redis. @default "local"
   */
  policy: 'local' | 'redis';
  /** Task key whose value picks the counter (REMOTE_ADDR, HTTP_X_API_KEY, X_UID…); "" = one limit for all. @default "" */
  limit_by_key: string;
  /** Local policy: distinct keys tracked at most; the least recently seen is forgotten beyond it. @default 10000 */
  max_keys: number;
  /** Redis policy: requests allowed per key within any `window_sec`. @default 0 (required by the redis policy) */
  window_limit: number;
  /** Redis policy: the sliding window's length in seconds. @default 1 */
  window_sec: number;
  /** Redis policy: the server; its password is a secret (never answered). @default "redis://127.0.0.1:6379" */
  redis_url: string;
  /** Redis policy: key prefix; the plugin name and the limit key follow it. @default "gatehouse:ratelimit:" */
  redis_prefix: string;
  /** Redis policy: how long a request waits for Redis before `redis_failure` applies. @default 200 */
  redis_timeout_msec: number;
  /**
   * Redis policy, when Redis cannot answer in time: "open" lets the request through (the limit
   * lapses, the service stays up); "closed" answers 503 (the limit holds, the service stops). @default "open"
   */
  redis_failure: 'open' | 'closed';
  /** Send X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, and Retry-After on 429. @default true */
  rate_limit_headers: boolean;
}

export const throughputRateLimiterSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name'],
  properties: {
    plugin_name: { type: 'string' },
    tps: {
      type: 'string',
      maxLength: 16,
      pattern: '^(|-1|[0-9]{1,8}(\\.[0-9]{1,6})?)$',
      default: '',
      description: 'Requests per second, at most 99999999.999999; "-1" unlimited, "0" rejects all. Required by the local policy.',
    },
    timeout_msec: { type: 'integer', minimum: -1, maximum: 3600000, default: 200 },
    flow_control_percentage_key: { type: 'string', maxLength: 128, default: '' },
    policy: { type: 'string', enum: ['local', 'redis'], default: 'local' },
    limit_by_key: { type: 'string', maxLength: 128, default: '' },
    max_keys: { type: 'integer', minimum: 1, maximum: 1000000, default: 10000 },
    window_limit: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
    window_sec: { type: 'integer', minimum: 1, maximum: 86400, default: 1 },
    // Its password is a secret: redacted in answers, sealed in the cluster log (engine/secret-fields.ts).
    redis_url: { type: 'string', maxLength: 2048, pattern: '^rediss?://', default: 'redis://127.0.0.1:6379', [URL_PASSWORD_SECRET]: true },
    redis_prefix: { type: 'string', maxLength: 128, default: 'gatehouse:ratelimit:' },
    redis_timeout_msec: { type: 'integer', minimum: 1, maximum: 10000, default: 200 },
    redis_failure: { type: 'string', enum: ['open', 'closed'], default: 'open' },
    rate_limit_headers: { type: 'boolean', default: true },
  },
};

/** Rules across fields: each policy needs its own limit. */
export function validateRateLimiter(c: ThroughputRateLimiterConfig): { field: string; message: string } | undefined {
  if (c.policy === 'local' && c.tps === '') return { field: 'config.tps', message: 'is required by the local policy' };
  if (c.policy === 'redis') {
    if (c.tps !== '') return { field: 'config.tps', message: 'applies to the local policy only; the redis policy takes window_limit and window_sec' };
    if (c.window_limit < 1) return { field: 'config.window_limit', message: 'must be at least 1 with the redis policy' };
  }
  return undefined;
}
