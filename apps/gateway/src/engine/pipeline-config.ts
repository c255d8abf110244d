import type { JSONSchema } from './schema';

export const LINEAR_PIPELINE = 'LinearPipeline';

/** Config of a `LinearPipeline` after defaults. */
export interface LinearPipelineConfig {
  pipeline_name: string;
  /** Plugins run in this order for every task. */
  plugin_names: string[];
  /** Cap on tasks in flight; 0 = dynamic between the gateway's min and max. @default 0 */
  parallelism: number;
  /** Tasks that may wait for a free slot before new ones get 503. @default 10240 */
  max_wait_queue_length: number;
  /** Cross-pipeline calls (from UpstreamOutput) that may wait for a free slot before senders get 503. @default 10240 */
  cross_pipeline_request_backlog: number;
}

export const linearPipelineSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['pipeline_name', 'plugin_names'],
  properties: {
    pipeline_name: { type: 'string', description: 'Unique, URL-safe pipeline name.' },
    plugin_names: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      uniqueItems: true,
      items: { type: 'string', maxLength: 128 },
      description: 'Plugins in the order they run.',
    },
    parallelism: { type: 'integer', minimum: 0, maximum: 65535, default: 0, description: 'Tasks in flight at most; 0 = dynamic.' },
    max_wait_queue_length: { type: 'integer', minimum: 0, maximum: 1048576, default: 10240 },
    cross_pipeline_request_backlog: {
      type: 'integer',
      minimum: 0,
      maximum: 1048576,
      default: 10240,
      description: 'Cross-pipeline calls that may wait for a free slot; beyond it the sender gets 503.',
    },
  },
};
