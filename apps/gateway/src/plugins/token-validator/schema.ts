import type { JSONSchema } from '../../engine/schema';
import { URL_PASSWORD_SECRET } from '../../engine/secret-fields';
import { tokenKeysSchema, type TokenAlgorithm, type TokenKeyConfig } from '../shared/token-keys';

/** Config of a TokenValidator plugin (defaults filled in). */
export interface TokenValidatorConfig {
  plugin_name: string;
  /** Verifying keys, looked up by the token's `kid`; several during a key rotation. */
  keys: TokenKeyConfig[];
  /** Algorithms accepted; a token whose `alg` is not listed (or `none`) is refused. @default ["EdDSA"] */
  algorithms: TokenAlgorithm[];
  /** Clock skew allowed on `exp`, `nbf` and `iat`. @default 30 */
  leeway_sec: number;
  /** Required `iss` ("" = any). @default "gatehouse" */
  issuer: string;
  /** Required `aud` ("" = none required). @default "" */
  audience: string;
  /** Request header carrying the token. @default "x-ddgw-token" */
  token_header: string;
  /** Task key the verified uid is stored under. @default "X_UID" */
  uid_key: string;
  /** Task key of the request header map. @default "HTTP_REQUEST_HEADER" */
  request_header_key: string;
  /** Where revoked token ids are kept: none, this process, or Redis (shared by all gateways). @default "memory" */
  revocation: 'none' | 'memory' | 'redis';
  /** Redis URL when `revocation` is "redis"; its password is a secret (never answered). @default "redis://127.0.0.1:6379" */
  redis_url: string;
  /** Namespace of revoked ids: the Redis key prefix; validators with the same prefix share revocations. @default "gatehouse:revoked:" */
  redis_prefix: string;
  /** Logout mode: revoke the presented token and answer 204 instead of passing on. @default false */
  revoke: boolean;
  /** Verified tokens remembered to skip signature checks (expiry and revocation are still checked). @default 10000 */
  cache_size: number;
  /** @default "HTTP_RESP_CODE" */
  response_code_key: string;
}

export const tokenValidatorSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'keys'],
  properties: {
    plugin_name: { type: 'string' },
    keys: tokenKeysSchema,
    algorithms: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { type: 'string', enum: ['EdDSA', 'HS256'] }, default: ['EdDSA'] },
    leeway_sec: { type: 'integer', minimum: 0, maximum: 600, default: 30 },
    issuer: { type: 'string', maxLength: 256, default: 'gatehouse' },
    audience: { type: 'string', maxLength: 256, default: '' },
    token_header: { type: 'string', maxLength: 128, pattern: '^[a-z0-9-]+$', default: 'x-ddgw-token' },
    uid_key: { type: 'string', maxLength: 128, default: 'X_UID' },
    request_header_key: { type: 'string', maxLength: 128, default: 'HTTP_REQUEST_HEADER' },
    revocation: { type: 'string', enum: ['none', 'memory', 'redis'], default: 'memory' },
    // Its password is a secret: redacted in answers, sealed in the cluster log (engine/secret-fields.ts).
    redis_url: { type: 'string', maxLength: 2048, pattern: '^rediss?://', default: 'redis://127.0.0.1:6379', [URL_PASSWORD_SECRET]: true },
    redis_prefix: { type: 'string', maxLength: 128, default: 'gatehouse:revoked:' },
    revoke: { type: 'boolean', default: false },
    cache_size: { type: 'integer', minimum: 0, maximum: 1000000, default: 10000 },
    response_code_key: { type: 'string', maxLength: 128, default: 'HTTP_RESP_CODE' },
  },
};
