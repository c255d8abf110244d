import type { SchemaObject } from '@nestjs/swagger';
import { specSchema } from '../openapi/schemas';

/** The body of a cluster create or update: a spec plus the change options. */
export const clusterSpecSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'config'],
  properties: {
    ...specSchema.properties,
    operation_seq: { type: 'integer', minimum: 1, description: 'The sequence the change must get: GET …/sequence + 1. Absent = the next one.' },
    consistent: { type: 'boolean', default: false, description: 'Wait until every live read node of the group applied the change.' },
    timeout_sec: { type: 'number', minimum: 0.001, maximum: 300, default: 30, description: 'Longest wait for the read nodes.' },
  },
};

/** What a cluster change answers (201/200, or 202 when `consistent` and some read nodes lag). */
export const clusterChangeSchema: SchemaObject = {
  type: 'object',
  required: ['operation_seq'],
  properties: {
    operation_seq: { type: 'integer' },
    spec: specSchema,
    applied: { type: 'array', items: { type: 'string' }, description: 'Read nodes that applied it (consistent only).' },
    lagging: { type: 'array', items: { type: 'string' }, description: 'Read nodes that had not applied it in time (consistent only).' },
    message: { type: 'string' },
  },
};

export const sequenceSchema: SchemaObject = {
  type: 'object',
  required: ['group', 'sequence'],
  properties: { group: { type: 'string' }, sequence: { type: 'integer' } },
};

export const groupHealthSchema: SchemaObject = {
  type: 'object',
  properties: {
    group: { type: 'string' },
    sequence: { type: 'integer', description: "The log's last sequence number." },
    alive_count: { type: 'integer' },
    failed_count: { type: 'integer' },
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          mode: { type: 'string', enum: ['write', 'read'] },
          endpoint: { type: 'string' },
          alive: { type: 'boolean' },
          ready: { type: 'boolean' },
          alarm: { type: 'string', nullable: true },
          max_sequence: { type: 'integer' },
          synced: { type: 'boolean' },
          sync_lag: { type: 'integer' },
          last_seen_ms: { type: 'integer' },
          started_at: { type: 'string' },
          pid: { type: 'integer' },
        },
      },
    },
  },
};
