import type { SchemaObject } from '@nestjs/swagger';

/** `{type, config}`: the body of create and update, and each item of a list. */
export const specSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'config'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', example: 'HTTPServer' },
    config: {
      type: 'object',
      additionalProperties: true,
      description: 'Validated by the JSON Schema of the type (see the *-types routes).',
      example: { plugin_name: 'httpserver', port: 10080 },
    },
  },
};

/** Every error answer. */
export const errorSchema: SchemaObject = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: {
      type: 'string',
      example: 'GW_VALIDATION',
      description: 'Stable code; docs/errors.md says how to fix it.',
    },
    message: { type: 'string' },
    field: {
      type: 'string',
      example: 'config.port',
      description: 'The offending input, when one input caused it.',
    },
  },
};

/** `{<key>: [{type, config}]}`. */
export function listSchema(key: 'plugins' | 'pipelines'): SchemaObject {
  return {
    type: 'object',
    required: [key],
    properties: { [key]: { type: 'array', items: specSchema } },
  };
}

/** The answer of the *-types routes: `{plugin_types: [...]}` or `{pipeline_types: [...]}`. */
export function typesSchema(key: 'plugin_types' | 'pipeline_types'): SchemaObject {
  const item: SchemaObject = {
    type: 'object',
    properties: {
      type: { type: 'string' },
      description: { type: 'string' },
      schema: { type: 'object', additionalProperties: true },
    },
  };
  return { type: 'object', required: [key], properties: { [key]: { type: 'array', items: item } } };
}
