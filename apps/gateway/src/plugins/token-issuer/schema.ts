import type { JSONSchema } from '../../engine/schema';
import { KID_PATTERN, tokenKeysSchema, type TokenKeyConfig } from '../shared/token-keys';

/** Config of a TokenIssuer plugin (defaults filled in). */
export interface TokenIssuerConfig {
  plugin_name: string;
  /** Signing keys; `active_kid` signs, the others are listed for symmetry with the validator. */
  keys: TokenKeyConfig[];
  /** The key that signs new tokens. */
  active_kid: string;
  /** Token lifetime. @default 3600 */
  ttl_sec: number;
  /** `iss` claim. @default "gatehouse" */
  issuer: string;
  /** `aud` claim ("" = none). @default "" */
  audience: string;
  /** Response header the token is returned in. @default "x-ddgw-token" */
  token_header: string;
  /** Task key of the backend response headers. @default "HTTP_RESP_HEADER" */
  response_header_key: string;
}

export const tokenIssuerSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'keys', 'active_kid'],
  properties: {
    plugin_name: { type: 'string' },
    keys: tokenKeysSchema,
    active_kid: { type: 'string', maxLength: 64, pattern: KID_PATTERN },
    ttl_sec: { type: 'integer', minimum: 1, maximum: 31536000, default: 3600 },
    issuer: { type: 'string', maxLength: 256, default: 'gatehouse' },
    audience: { type: 'string', maxLength: 256, default: '' },
    token_header: { type: 'string', maxLength: 128, pattern: '^[a-z0-9-]+$', default: 'x-ddgw-token' },
    response_header_key: { type: 'string', maxLength: 128, default: 'HTTP_RESP_HEADER' },
  },
};
