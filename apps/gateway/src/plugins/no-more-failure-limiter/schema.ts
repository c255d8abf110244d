import type { JSONSchema } from '../../engine/schema';

/** Config of a NoMoreFailureLimiter plugin. */
export interface NoMoreFailureLimiterConfig {
  plugin_name: string;
  /** Matching failures from which every later request is refused. @default 1 */
  failure_count_threshold: number;
  /** Task key whose value, when a task finishes, tells a failure (e.g. an HTTPOutput's response_code_key). */
  failure_task_data_key: string;
  /** The value (compared as text) that makes a finished task a failure, e.g. "410" for "sold out". */
  failure_task_data_value: string;
}

export const noMoreFailureLimiterSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'failure_task_data_key', 'failure_task_data_value'],
  properties: {
    plugin_name: { type: 'string' },
    failure_count_threshold: { type: 'integer', minimum: 1, maximum: 1000000000, default: 1 },
    failure_task_data_key: { type: 'string', minLength: 1, maxLength: 128 },
    failure_task_data_value: { type: 'string', maxLength: 1024 },
  },
};
