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
}

const KEY = { type: 'string', maxLength: 128 };

export const httpOutputSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'url_pattern', 'method'],
  properties: {
    plugin_name: { type: 'string' },
    url_pattern: { type: 'string', minLength: 8, maxLength: 4096 },
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
  },
};
