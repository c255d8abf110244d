import type { JSONSchema } from '../../engine/schema';

/** Config of an HTTPHeaderCounter plugin (defaults filled in). */
export interface HttpHeaderCounterConfig {
  plugin_name: string;
  /** The header whose distinct values are counted (a session or device id), e.g. "X-Session-Id". */
  header_concerned: string;
  /** A value counts while it was last seen less than this many seconds ago. */
  expiration_sec: number;
  /** Distinct values remembered at most; beyond it the least recently seen is dropped (the count saturates). @default 100000 */
  max_values: number;
}

export const httpHeaderCounterSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'header_concerned', 'expiration_sec'],
  properties: {
    plugin_name: { type: 'string' },
    header_concerned: { type: 'string', minLength: 1, maxLength: 128, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
    expiration_sec: { type: 'integer', minimum: 1, maximum: 86400 },
    max_values: { type: 'integer', minimum: 1, maximum: 10000000, default: 100000 },
  },
};
