import type { SchemaObject } from '@nestjs/swagger';

const nullableNumber: SchemaObject = { type: 'number', nullable: true, description: 'null when the latency window holds no sample' };
const figures: SchemaObject = { type: 'object', additionalProperties: nullableNumber };

/** `{names: [...]}` */
export const namesSchema: SchemaObject = {
  type: 'object',
  required: ['names'],
  properties: { names: { type: 'array', items: { type: 'string' }, example: ['THROUGHPUT_RATE_LAST_1MIN_ALL', 'EXECUTION_COUNT_ALL'] } },
};

/** `{value: n}` */
export const valueSchema: SchemaObject = { type: 'object', required: ['value'], properties: { value: nullableNumber } };

/** `{values: {NAME: n}}` */
export const valuesSchema: SchemaObject = { type: 'object', required: ['values'], properties: { values: figures } };

/** `{desc: "..."}` */
export const descSchema: SchemaObject = { type: 'object', required: ['desc'], properties: { desc: { type: 'string' } } };

/** Every figure of one pipeline. */
export const snapshotSchema: SchemaObject = {
  type: 'object',
  required: ['pipeline', 'window_sec', 'indicators', 'task', 'plugins'],
  properties: {
    pipeline: { type: 'string' },
    window_sec: { type: 'integer', example: 30 },
    indicators: figures,
    task: figures,
    plugins: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, type: { type: 'string' }, indicators: figures },
      },
    },
    recent_errors: {
      type: 'array',
      description: 'The last failed tasks (at most 20), newest first',
      items: {
        type: 'object',
        properties: {
          time: { type: 'string', format: 'date-time' },
          age_ms: { type: 'integer' },
          plugin: { type: 'string', description: 'The plugin that set the error ("" when unknown)' },
          result_code: { type: 'integer', example: 502 },
          error_code: { type: 'string', example: 'GW_BAD_GATEWAY' },
          message: { type: 'string', description: 'Cut at 500 characters' },
        },
      },
    },
  },
};

/** `{pipelines: [{pipeline, plugins: [{name, type, indicators: [{name, desc, value}]}]}]}` */
export const registeredSchema: SchemaObject = {
  type: 'object',
  required: ['pipelines'],
  properties: {
    pipelines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          pipeline: { type: 'string' },
          plugins: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                type: { type: 'string' },
                indicators: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      name: { type: 'string', example: 'FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN' },
                      desc: { type: 'string' },
                      value: nullableNumber,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** `{pipelines: [...]}`: the overview of every pipeline. */
export const overviewSchema: SchemaObject = {
  type: 'object',
  required: ['pipelines'],
  properties: {
    pipelines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          pipeline: { type: 'string' },
          rate_1m: { type: 'number' },
          rate_5m: { type: 'number' },
          rate_15m: { type: 'number' },
          failure_rate_1m: { type: 'number' },
          count: { type: 'integer' },
          failure_count: { type: 'integer' },
          p50_ns: nullableNumber,
          p99_ns: nullableNumber,
          in_flight: { type: 'integer' },
          wait_queue: { type: 'integer' },
        },
      },
    },
  },
};

export const uptimeSchema: SchemaObject = { type: 'object', properties: { uptime_sec: { type: 'number' } } };
export const rusageSchema: SchemaObject = { type: 'object', additionalProperties: { type: 'number' }, description: 'process.resourceUsage()' };
export const loadavgSchema: SchemaObject = {
  type: 'object',
  properties: { load_1m: { type: 'number' }, load_5m: { type: 'number' }, load_15m: { type: 'number' } },
};
