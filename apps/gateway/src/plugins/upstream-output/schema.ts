import type { JSONSchema } from '../../engine/schema';

export const ROUTE_POLICIES = [
  'round_robin',
  'weighted_round_robin',
  'random',
  'weighted_random',
  'least_wip_requests',
  'hash',
  'filter',
  'fanout',
  'retry',
] as const;
export type RoutePolicyName = (typeof ROUTE_POLICIES)[number];

/** Config of an UpstreamOutput plugin (defaults filled in). */
export interface UpstreamOutputConfig {
  plugin_name: string;
  /** Pipelines (each starting with a DownstreamInput) the task is sent to. */
  target_pipelines: string[];
  /** How targets are chosen. @default "round_robin" */
  route_policy: RoutePolicyName;
  /** Time a target has to accept and answer one call before the task gets 503. @default 120 */
  timeout_sec: number;
  /** Task keys whose values are handed to the target (streams pass through unread). @default [] */
  request_data_keys: string[];
  /** Weight per target, for the weighted policies (0 = never). @default [] */
  target_weights: number[];
  /** Task keys whose values are hashed by `hash`. @default [] */
  value_hashed_keys: string[];
  /** Per target: task key → regular expression, for `filter`; the first target whose all match wins. @default [] */
  filter_conditions: Record<string, string>[];
  /** Per target: whether `fanout` waits for its answer. @default [] */
  target_response_flags: boolean[];
}

const KEY = { type: 'string', minLength: 1, maxLength: 128 };
const NAME = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$' };

export const upstreamOutputSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'target_pipelines'],
  properties: {
    plugin_name: { type: 'string' },
    target_pipelines: { type: 'array', minItems: 1, maxItems: 64, uniqueItems: true, items: NAME },
    route_policy: { type: 'string', enum: [...ROUTE_POLICIES], default: 'round_robin' },
    timeout_sec: { type: 'number', exclusiveMinimum: 0, maximum: 86400, default: 120 },
    request_data_keys: { type: 'array', maxItems: 64, uniqueItems: true, items: KEY, default: [] },
    target_weights: { type: 'array', maxItems: 64, items: { type: 'integer', minimum: 0, maximum: 10000 }, default: [] },
    value_hashed_keys: { type: 'array', maxItems: 16, items: KEY, default: [] },
    filter_conditions: {
      type: 'array',
      maxItems: 64,
      items: { type: 'object', maxProperties: 16, propertyNames: { type: 'string', maxLength: 128 }, additionalProperties: { type: 'string', maxLength: 1024 } },
      default: [],
    },
    target_response_flags: { type: 'array', maxItems: 64, items: { type: 'boolean' }, default: [] },
  },
};
