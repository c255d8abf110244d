/** Shapes of the admin plane's answers the dashboard reads (see docs/gateway-statistics.md). */
import type { RegisteredIndicators } from '../statistics/answers';

export type { PipelineOverview, PipelineSnapshot, RecentError, RegisteredIndicators } from '../statistics/answers';

/** One plugin-registered indicator with its description. */
export type RegisteredIndicator = RegisteredIndicators['plugins'][number]['indicators'][number];

/** A plugin or pipeline spec as `/admin/v1` stores it. */
export interface Spec {
  type: string;
  config: Record<string, unknown>;
}

/** A JSON Schema as `/admin/v1/plugin-types` serves them (the subset the form reads). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  [keyword: string]: unknown;
}

export interface TypeInfo {
  type: string;
  description: string;
  schema: JsonSchema;
}
