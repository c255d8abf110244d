import Ajv, { type ValidateFunction } from 'ajv';
import { GatewayError } from '../../errors';
import { SafeRegex } from '../../engine/safe-regex';
import type { JsonValidatorConfig } from './schema';

const MAX_SCHEMA_BYTES = 65536;

/** ajv's `pattern` and `patternProperties` through RE2: a user's schema cannot make a request backtrack. */
const re2Engine = Object.assign((pattern: string) => SafeRegex.compile(pattern, 'config.schema'), { code: 'SafeRegex' });

/**
 * Compiles the config's schema once, at config time. Refuses (GW_VALIDATION, field
 * config.schema) text that is not JSON, a schema ajv rejects (unknown keywords, remote $refs,
 * bad patterns), or one larger than 64 KiB. Formats are not checked (no format plugin is loaded).
 */
export function compileUserSchema(c: Pick<JsonValidatorConfig, 'schema' | 'base64_encoded'>): ValidateFunction {
  let schema: unknown = c.schema;
  if (typeof schema === 'string') {
    const text = c.base64_encoded ? Buffer.from(schema, 'base64').toString('utf8') : schema;
    try {
      schema = JSON.parse(text);
    } catch (err) {
      throw new GatewayError('GW_VALIDATION', `config.schema is not JSON${c.base64_encoded ? ' (after base64 decoding)' : ''}: ${(err as Error).message}`, { field: 'config.schema', cause: err });
    }
  } else if (c.base64_encoded) {
    throw new GatewayError('GW_VALIDATION', 'config.schema must be a base64 string when base64_encoded is true', { field: 'config.schema' });
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new GatewayError('GW_VALIDATION', 'config.schema must be a JSON Schema object', { field: 'config.schema' });
  }
  if (Buffer.byteLength(JSON.stringify(schema)) > MAX_SCHEMA_BYTES) {
    throw new GatewayError('GW_VALIDATION', `config.schema is larger than ${MAX_SCHEMA_BYTES} bytes`, { field: 'config.schema' });
  }
  const ajv = new Ajv({ strict: true, allErrors: false, validateFormats: false, code: { regExp: re2Engine } });
  try {
    return ajv.compile(schema);
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new GatewayError('GW_VALIDATION', `config.schema is not a valid JSON Schema: ${(err as Error).message}`, { field: 'config.schema', cause: err });
  }
}
