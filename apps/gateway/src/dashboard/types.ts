/** Shapes of the admin plane's answers the dashboard reads (see docs/gateway-statistics.md). */

export interface PipelineOverview {
  pipeline: string;
  rate_1m: number;
  rate_5m: number;
  rate_15m: number;
  failure_rate_1m: number;
  count: number;
  failure_count: number;
  p50_ns: number | null;
  p99_ns: number | null;
  in_flight: number;
  wait_queue: number;
}

export interface RegisteredIndicator {
  name: string;
  desc: string;
  value: number | null;
}

export interface RegisteredIndicators {
  pipeline: string;
  plugins: { name: string; type: string; indicators: RegisteredIndicator[] }[];
}

export interface RecentError {
  time: string;
  age_ms: number;
  plugin: string;
  result_code: number;
  error_code: string;
  message: string;
}

export interface PipelineSnapshot {
  pipeline: string;
  window_sec: number;
  indicators: Record<string, number | null>;
  task: Record<string, number | null>;
  plugins: { name: string; type: string; indicators: Record<string, number | null> }[];
  recent_errors: RecentError[];
}

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
