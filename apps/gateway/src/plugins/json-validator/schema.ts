import type { JSONSchema } from '../../engine/schema';

/** Config of a JSONValidator plugin (defaults filled in). */
export interface JsonValidatorConfig {
  plugin_name: string;
  /** The JSON Schema (draft-07) the data must satisfy: an object, or its JSON text (base64 with `base64_encoded`). */
  schema: Record<string, unknown> | string;
  /** `schema` is a base64 string of the JSON text (Ease Gateway's form). @default false */
  base64_encoded: boolean;
  /** Task key of the data: a buffer or a string of JSON text (an IOReader's output_key). */
  data_key: string;
  /** Larger data is refused with 413 before it is parsed. @default 1048576 (1 MiB) */
  max_data_bytes: number;
}

export const jsonValidatorSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'schema', 'data_key'],
  properties: {
    plugin_name: { type: 'string' },
    schema: { anyOf: [{ type: 'object' }, { type: 'string', maxLength: 87382 }] },
    base64_encoded: { type: 'boolean', default: false },
    data_key: { type: 'string', minLength: 1, maxLength: 128 },
    max_data_bytes: { type: 'integer', minimum: 1, maximum: 67108864, default: 1048576 },
  },
};
