import type { SchemaObject } from '@nestjs/swagger';

/** `{pipelines: [...]}` or `{plugins: [...]}` */
export function clusterNamesSchema(key: 'pipelines' | 'plugins'): SchemaObject {
  return { type: 'object', required: [key], properties: { [key]: { type: 'array', items: { type: 'string' } } } };
}

const nullableNs: SchemaObject = { type: 'integer', nullable: true, description: 'ns; null when the bucket holds no sample' };

/** The chart range: 5-s buckets of the whole group, oldest first. */
export const rangeSchema: SchemaObject = {
  type: 'object',
  required: ['step_sec', 'points'],
  properties: {
    step_sec: { type: 'integer', example: 5 },
    points: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          t: { type: 'integer', description: 'Bucket start, epoch ms' },
          success: { type: 'integer' },
          failure: { type: 'integer' },
          rate: { type: 'number', description: 'Executions per second in the bucket' },
          p50_ns: nullableNs,
          p90_ns: nullableNs,
          p99_ns: nullableNs,
          max_ns: nullableNs,
        },
      },
    },
  },
};
