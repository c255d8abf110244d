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
