import type { JSONSchema } from '../../engine/schema';

/** Config of a StaticProbabilityLimiter plugin. */
export interface StaticProbabilityLimiterConfig {
  plugin_name: string;
  /** Probability that a request passes, 0–1 (0 refuses all, 1 passes all). */
  pass_pr: number;
}

export const staticProbabilityLimiterSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'pass_pr'],
  properties: {
    plugin_name: { type: 'string' },
    pass_pr: { type: 'number', minimum: 0, maximum: 1 },
  },
};
