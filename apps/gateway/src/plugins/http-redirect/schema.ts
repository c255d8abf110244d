import type { JSONSchema } from '../../engine/schema';

/** Config of an HTTPRedirect plugin (defaults filled in). */
export interface HttpRedirectConfig {
  plugin_name: string;
  /** Regular expression tried on `match_part`. */
  match: string;
  /** The Location, with `$1`… (or `$<name>`) for groups of `match`. */
  replacement: string;
  /** What `match` sees: the URI (path and query), the path only, or the full URL. @default "uri" */
  match_part: 'uri' | 'path' | 'full';
  /** @default 301 */
  status_code: 301 | 302 | 303 | 307 | 308;
  /** @default "HTTP_RESP_CODE" */
  response_code_key: string;
  /** @default "HTTP_RESP_HEADER" */
  response_header_key: string;
}

export const httpRedirectSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'match', 'replacement'],
  properties: {
    plugin_name: { type: 'string' },
    match: { type: 'string', minLength: 1, maxLength: 4096 },
    replacement: { type: 'string', minLength: 1, maxLength: 4096 },
    match_part: { type: 'string', enum: ['uri', 'path', 'full'], default: 'uri' },
    status_code: { type: 'integer', enum: [301, 302, 303, 307, 308], default: 301 },
    response_code_key: { type: 'string', maxLength: 128, default: 'HTTP_RESP_CODE' },
    response_header_key: { type: 'string', maxLength: 128, default: 'HTTP_RESP_HEADER' },
  },
};
