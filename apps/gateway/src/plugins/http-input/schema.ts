import type { JSONSchema } from '../../engine/schema';

/** Config of an HTTPInput plugin (defaults filled in). */
export interface HttpInputConfig {
  plugin_name: string;
  /** The HTTPServer plugin to register on; it must stand earlier in the pipeline. */
  server_name: string;
  /** Param template such as `/users/{id}` or `/files/{rest...}`; or use `path_regex`. @default "" */
  path: string;
  /** Regular expression on the path (named groups become params). @default "" */
  path_regex: string;
  /** Order among regexp routes: higher first. @default 0 */
  priority: number;
  /** @default ["GET","POST","PUT","DELETE","HEAD"] */
  methods: string[];
  /** Header → allowed values; other values get 400. @default {} */
  headers_enum: Record<string, string[]>;
  /** Task key of the request header map. @default "HTTP_REQUEST_HEADER" */
  request_header_key: string;
  /** Task key of the request body stream. @default "HTTP_REQUEST_BODY_IO" */
  request_body_io_key: string;
  /** Task key read for the status code. @default "HTTP_RESP_CODE" */
  response_code_key: string;
  /** Task key read for response headers. @default "HTTP_RESP_HEADER" */
  response_header_key: string;
  /** Task key read for a response body stream. @default "HTTP_RESP_BODY_IO" */
  response_body_io_key: string;
  /** Task key read for a response body buffer (preferred over the stream). @default "" */
  response_body_buffer_key: string;
  /** Answer failed tasks with a JSON `{code, message}` body. @default true */
  respond_error: boolean;
}

const KEY = { type: 'string', maxLength: 128 };

export const httpInputSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'server_name'],
  properties: {
    plugin_name: { type: 'string' },
    server_name: { type: 'string', minLength: 1 },
    path: { type: 'string', maxLength: 2048, default: '' },
    path_regex: { type: 'string', maxLength: 2048, default: '' },
    priority: { type: 'integer', minimum: -1000000, maximum: 1000000, default: 0 },
    methods: {
      type: 'array',
      minItems: 1,
      maxItems: 7,
      uniqueItems: true,
      items: { type: 'string', enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] },
      default: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'],
    },
    headers_enum: {
      type: 'object',
      maxProperties: 32,
      additionalProperties: { type: 'array', minItems: 1, maxItems: 64, items: { type: 'string', maxLength: 1024 } },
      default: {},
    },
    request_header_key: { ...KEY, default: 'HTTP_REQUEST_HEADER' },
    request_body_io_key: { ...KEY, default: 'HTTP_REQUEST_BODY_IO' },
    response_code_key: { ...KEY, default: 'HTTP_RESP_CODE' },
    response_header_key: { ...KEY, default: 'HTTP_RESP_HEADER' },
    response_body_io_key: { ...KEY, default: 'HTTP_RESP_BODY_IO' },
    response_body_buffer_key: { ...KEY, default: '' },
    respond_error: { type: 'boolean', default: true },
  },
};
