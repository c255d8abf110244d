import Ajv, { type ErrorObject } from 'ajv';
import { GatewayError } from '../errors';
import { URL_PASSWORD_SECRET } from './secret-fields';

/** A JSON Schema document (draft-07, as ajv takes it). */
export type JSONSchema = Record<string, unknown>;

const ajv = new Ajv({ useDefaults: true, allErrors: false, strict: true, coerceTypes: false });
// An annotation for the secret handling (engine/secret-fields.ts); strict mode refuses unknown keywords.
ajv.addKeyword({ keyword: URL_PASSWORD_SECRET, schemaType: 'boolean' });

/** Turns one ajv error into the dotted field it is about, rooted at `config`. */
function fieldOf(err: ErrorObject): string {
  const path = err.instancePath
    .split('/')
    .filter((p) => p.length > 0)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (err.keyword === 'required') path.push(String(err.params['missingProperty']));
  if (err.keyword === 'additionalProperties') path.push(String(err.params['additionalProperty']));
  return ['config', ...path].join('.');
}

function messageOf(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') return 'is not a known option';
  if (err.keyword === 'required') return 'is required';
  if (err.keyword === 'enum') return `must be one of ${JSON.stringify(err.params['allowedValues'])}`;
  return err.message ?? 'is invalid';
}

/** Freezes an object graph so the per-request path can share it without defensive copies. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/**
 * Compiles `schema` once. The returned function copies its input, fills defaults, validates and
 * returns the frozen result, or throws GW_VALIDATION naming the first offending field.
 */
export function compileConfigSchema<C>(kind: string, schema: JSONSchema): (config: unknown) => C {
  const validate = ajv.compile(schema);
  return (config: unknown): C => {
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new GatewayError('GW_VALIDATION', `config of ${kind} must be an object`, { field: 'config' });
    }
    const copy = structuredClone(config);
    if (!validate(copy)) {
      const err = validate.errors![0]!;
      const field = fieldOf(err);
      throw new GatewayError('GW_VALIDATION', `${field} ${messageOf(err)}`, { field });
    }
    return deepFreeze(copy) as C;
  };
}
