import type { JSONSchema } from '../../engine/schema';

/** Config of an HTTPServer plugin (defaults filled in). */
export interface HttpServerConfig {
  plugin_name: string;
  /** Address to listen on. @default "127.0.0.1" */
  host: string;
  /** TCP port. @default 10080 */
  port: number;
  /** Keep client connections open between requests. @default true */
  keepalive: boolean;
  /** Idle keep-alive timeout. @default 10 */
  keepalive_sec: number;
  /** Connections accepted at once; more are refused. @default 10240 */
  max_connections: number;
  /** PEM certificate file; with `key_file` the server speaks HTTPS. @default "" */
  cert_file: string;
  /** PEM private key file. @default "" */
  key_file: string;
  /** Largest request head (431 above). @default 16384 */
  max_header_bytes: number;
  /** Largest request body (413 above); 0 = unlimited (up to 1 TiB). @default 10485760 */
  max_body_bytes: number;
  /** Time to receive a whole request (408 after). @default 60 */
  request_timeout_sec: number;
  /** Time to receive the request head (408 after). @default 20 */
  headers_timeout_sec: number;
  /** Most header fields a request may carry (431 above). @default 100 */
  max_request_headers: number;
  /** Body bytes read before the request takes a pipeline slot; larger bodies stream. @default 65536 */
  request_buffer_bytes: number;
  /** Longest pause between two reads of a request body (408 after). @default 30 */
  client_body_timeout_sec: number;
  /** Escaped slashes (`%2F`) in the path: refuse (400), keep as data, or unescape and redirect (307). @default "reject" */
  path_with_escaped_slashes: 'reject' | 'keep' | 'unescape_and_redirect';
  /** Merge repeated slashes in the path before routing and forwarding. @default true */
  merge_slashes: boolean;
  /** Write one access-log line per request (to stdout, or `GATEWAY_ACCESS_LOG_FILE`). @default false */
  access_log: boolean;
  /** Share of requests logged, spread evenly (0.01 = every 100th). @default 1 */
  access_log_sample_ratio: number;
}

export const httpServerSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name'],
  properties: {
    plugin_name: { type: 'string' },
    host: { type: 'string', minLength: 1, maxLength: 255, default: '127.0.0.1' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 10080 },
    keepalive: { type: 'boolean', default: true },
    keepalive_sec: { type: 'integer', minimum: 1, maximum: 3600, default: 10 },
    max_connections: { type: 'integer', minimum: 1, maximum: 1048576, default: 10240 },
    cert_file: { type: 'string', maxLength: 4096, default: '' },
    key_file: { type: 'string', maxLength: 4096, default: '' },
    max_header_bytes: { type: 'integer', minimum: 1024, maximum: 1048576, default: 16384 },
    max_body_bytes: { type: 'integer', minimum: 0, maximum: 1099511627776, default: 10485760 },
    request_timeout_sec: { type: 'integer', minimum: 1, maximum: 86400, default: 60 },
    headers_timeout_sec: { type: 'integer', minimum: 1, maximum: 3600, default: 20 },
    max_request_headers: { type: 'integer', minimum: 8, maximum: 10000, default: 100 },
    request_buffer_bytes: { type: 'integer', minimum: 1024, maximum: 16777216, default: 65536 },
    client_body_timeout_sec: { type: 'integer', minimum: 1, maximum: 3600, default: 30 },
    path_with_escaped_slashes: { type: 'string', enum: ['reject', 'keep', 'unescape_and_redirect'], default: 'reject' },
    merge_slashes: { type: 'boolean', default: true },
    access_log: { type: 'boolean', default: false },
    access_log_sample_ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 1 },
  },
};
