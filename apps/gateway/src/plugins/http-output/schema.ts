import type { JSONSchema } from '../../engine/schema';

/** Config of an HTTPOutput plugin (defaults filled in). */
export interface HttpOutputConfig {
  plugin_name: string;
  /** Backend URL template, e.g. `http://127.0.0.1:8080{REQUEST_URI}`. */
  url_pattern: string;
  /** HTTP method or a template such as `{REQUEST_METHOD}`. */
  method: string;
  /** Header name → value template, set on the backend request. @default {} */
  header_patterns: Record<string, string>;
  /** Body template; when set it replaces the streamed request body. @default "" */
  request_body_buffer_pattern: string;
  /** Task key of inbound headers to forward ("" = forward none). @default "HTTP_REQUEST_HEADER" */
  request_header_key: string;
  /** Task key of the request body stream to forward. @default "HTTP_REQUEST_BODY_IO" */
  request_body_io_key: string;
  /** @default "HTTP_RESP_CODE" */
  response_code_key: string;
  /** @default "HTTP_RESP_HEADER" */
  response_header_key: string;
  /** @default "HTTP_RESP_BODY_IO" */
  response_body_io_key: string;
  /** Time for the backend to answer, and between body chunks. @default 120 */
  timeout_sec: number;
  /** Statuses that let the pipeline go on; others finish it early (empty = all). @default [200] */
  expected_response_codes: number[];
  /** Keep-alive connections per backend origin. @default 128 */
  max_connections_per_origin: number;
  /** Idle keep-alive time of backend connections. @default 30 */
  keepalive_sec: number;
  /**
   * Origins (`http(s)://host[:port]`) a templated origin of `url_pattern` may render to; required
   * when the origin is templated, so no request value can reach another host. @default []
   */
  allowed_origins: string[];
  /** Retries per attempt failure, with a budget; absent = no retries. */
  retry?: RetryConfig;
  /** Several backend instances (a list, or a service in the registry); `url_pattern` is then a path. */
  upstream?: UpstreamConfig;
}

/** `retry`: how failed attempts are tried again. */
export interface RetryConfig {
  /** Extra attempts after the first. @default 2 */
  retries: number;
  /** Time limit of one attempt (head, then between body chunks); 0 = `timeout_sec`. @default 0 */
  per_try_timeout_sec: number;
  /** Also retry 502/503/504, timeouts and broken connections for non-idempotent methods other than POST. @default false */
  retry_non_idempotent: boolean;
  /** Retries may add at most this share of the route's requests, over the window. @default 20 */
  budget_percent: number;
  /** Sliding window of the budget. @default 10 */
  budget_window_sec: number;
  /** Retries always allowed per window, so a quiet route can retry too. @default 3 */
  min_retries_per_window: number;
}

/** `upstream.health_check`: active probes. */
export interface HealthCheckConfig {
  /** Path probed with GET; a 2xx passes. */
  path: string;
  /** @default 5 */
  interval_sec: number;
  /** @default 1 */
  timeout_sec: number;
  /** Passes in a row that bring an instance back. @default 2 */
  healthy_threshold: number;
  /** Failures in a row that take it out. @default 3 */
  unhealthy_threshold: number;
}

/** `upstream.outlier_detection`: passive ejection on failed calls. */
export interface OutlierDetectionConfig {
  /** 5xx answers, connect failures and timeouts in a row that eject an instance. @default 5 */
  consecutive_failures: number;
  /** The n-th ejection in a row lasts n × this, up to `max_ejection_sec`. @default 30 */
  base_ejection_sec: number;
  /** @default 300 */
  max_ejection_sec: number;
  /** Largest share of instances ejected at once, 0–100 (at least one). @default 50 */
  max_ejected_percent: number;
}

/** `upstream`: the instances an HTTPOutput balances over. */
export interface UpstreamConfig {
  /** Static instances, `http://host:port` each (one of `origins` and `service_name`). */
  origins?: string[];
  /** Service resolved through the registry agent, followed as it changes. */
  service_name?: string;
  /**
   * `agent`: the per-host registry agent at `registry_agent_url`; `embedded`: the registry driver
   * the embedding host provided (`gateway.services.provide(REGISTRY_DRIVER, …)`), followed by its watch.
   * @default "agent"
   */
  registry: 'agent' | 'embedded';
  /** The per-host registry agent. @default "http://127.0.0.1:7070" */
  registry_agent_url: string;
  /** How often the agent's (watched) answer is read again. @default 1 */
  registry_refresh_sec: number;
  /** @default "p2c-ewma" */
  balance: 'p2c-ewma' | 'round-robin' | 'least-in-flight' | 'consistent-hash' | 'random' | 'weighted-round-robin';
  /** Task key whose value is hashed by `consistent-hash`. @default "" */
  hash_key: string;
  health_check?: HealthCheckConfig;
  outlier_detection: OutlierDetectionConfig;
}

const KEY = { type: 'string', maxLength: 128 };

export const httpOutputSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'url_pattern', 'method'],
  properties: {
    plugin_name: { type: 'string' },
    url_pattern: { type: 'string', minLength: 1, maxLength: 4096 },
    method: { type: 'string', minLength: 1, maxLength: 64 },
    header_patterns: { type: 'object', maxProperties: 64, additionalProperties: { type: 'string', maxLength: 8192 }, default: {} },
    request_body_buffer_pattern: { type: 'string', maxLength: 1048576, default: '' },
    request_header_key: { ...KEY, default: 'HTTP_REQUEST_HEADER' },
    request_body_io_key: { ...KEY, default: 'HTTP_REQUEST_BODY_IO' },
    response_code_key: { ...KEY, default: 'HTTP_RESP_CODE' },
    response_header_key: { ...KEY, default: 'HTTP_RESP_HEADER' },
    response_body_io_key: { ...KEY, default: 'HTTP_RESP_BODY_IO' },
    timeout_sec: { type: 'number', exclusiveMinimum: 0, maximum: 86400, default: 120 },
    expected_response_codes: { type: 'array', maxItems: 500, uniqueItems: true, items: { type: 'integer', minimum: 100, maximum: 599 }, default: [200] },
    max_connections_per_origin: { type: 'integer', minimum: 1, maximum: 65536, default: 128 },
    keepalive_sec: { type: 'integer', minimum: 1, maximum: 3600, default: 30 },
    allowed_origins: { type: 'array', maxItems: 64, uniqueItems: true, items: { type: 'string', minLength: 8, maxLength: 2048 }, default: [] },
    retry: {
      type: 'object',
      additionalProperties: false,
      properties: {
        retries: { type: 'integer', minimum: 0, maximum: 5, default: 2 },
        per_try_timeout_sec: { type: 'number', minimum: 0, maximum: 86400, default: 0 },
        retry_non_idempotent: { type: 'boolean', default: false },
        budget_percent: { type: 'number', minimum: 0, maximum: 100, default: 20 },
        budget_window_sec: { type: 'number', minimum: 1, maximum: 3600, default: 10 },
        min_retries_per_window: { type: 'integer', minimum: 0, maximum: 1000, default: 3 },
      },
    },
    upstream: {
      type: 'object',
      additionalProperties: false,
      properties: {
        origins: { type: 'array', minItems: 1, maxItems: 64, uniqueItems: true, items: { type: 'string', minLength: 8, maxLength: 2048 } },
        service_name: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
        registry: { enum: ['agent', 'embedded'], default: 'agent' },
        registry_agent_url: { type: 'string', minLength: 8, maxLength: 2048, default: 'http://127.0.0.1:7070' },
        registry_refresh_sec: { type: 'number', minimum: 0.1, maximum: 3600, default: 1 },
        balance: { enum: ['p2c-ewma', 'round-robin', 'least-in-flight', 'consistent-hash', 'random', 'weighted-round-robin'], default: 'p2c-ewma' },
        hash_key: { ...KEY, default: '' },
        health_check: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: { type: 'string', minLength: 1, maxLength: 1024, pattern: '^/[\\x21-\\x7e]*$' },
            interval_sec: { type: 'number', minimum: 0.05, maximum: 3600, default: 5 },
            timeout_sec: { type: 'number', minimum: 0.01, maximum: 3600, default: 1 },
            healthy_threshold: { type: 'integer', minimum: 1, maximum: 100, default: 2 },
            unhealthy_threshold: { type: 'integer', minimum: 1, maximum: 100, default: 3 },
          },
        },
        outlier_detection: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            consecutive_failures: { type: 'integer', minimum: 1, maximum: 1000, default: 5 },
            base_ejection_sec: { type: 'number', minimum: 0.01, maximum: 86400, default: 30 },
            max_ejection_sec: { type: 'number', minimum: 0.01, maximum: 86400, default: 300 },
            max_ejected_percent: { type: 'number', minimum: 0, maximum: 100, default: 50 },
          },
        },
      },
    },
  },
};
