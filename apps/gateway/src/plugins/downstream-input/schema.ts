import type { JSONSchema } from '../../engine/schema';

/** Config of a DownstreamInput plugin (defaults filled in). */
export interface DownstreamInputConfig {
  plugin_name: string;
  /** Task keys whose values go back to the calling UpstreamOutput when the task finishes. @default [] */
  response_data_keys: string[];
}

export const downstreamInputSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name'],
  properties: {
    plugin_name: { type: 'string' },
    response_data_keys: { type: 'array', maxItems: 64, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 128 }, default: [] },
  },
};
