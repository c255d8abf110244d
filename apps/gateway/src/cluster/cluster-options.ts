import { hostname } from 'node:os';
import { GatewayError } from '../errors';

/** How a node takes part in a cluster (reference §2.9: one writer per group, read nodes). */
export interface ClusterOptions {
  /** `GATEWAY_CLUSTER_REDIS_URL`: where the operation log and membership live. */
  redisUrl: string;
  /** `GATEWAY_CLUSTER_GROUP`. @default "default" */
  group: string;
  /** `GATEWAY_CLUSTER_MODE`: `write` (appends the admin changes) or `read` (replays them). @default "read" */
  mode: 'write' | 'read';
  /** `GATEWAY_NODE_NAME`. @default host name + admin port */
  nodeName: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * Cluster settings from the environment; undefined when `GATEWAY_CLUSTER_REDIS_URL` is not set
 * (the embedded mode). Bad values are refused naming the variable.
 */
export function clusterOptionsFromEnv(env: NodeJS.ProcessEnv, adminPort: number): ClusterOptions | undefined {
  const redisUrl = env['GATEWAY_CLUSTER_REDIS_URL'];
  if (redisUrl === undefined || redisUrl === '') return undefined;
  if (!/^rediss?:\/\//.test(redisUrl)) bad('GATEWAY_CLUSTER_REDIS_URL', 'must be a redis:// or rediss:// URL');
  const group = env['GATEWAY_CLUSTER_GROUP'] || 'default';
  if (!NAME.test(group)) bad('GATEWAY_CLUSTER_GROUP', `must be 1-63 letters, digits, "_", "." or "-", got ${JSON.stringify(group)}`);
  const mode = env['GATEWAY_CLUSTER_MODE'] || 'read';
  if (mode !== 'write' && mode !== 'read') bad('GATEWAY_CLUSTER_MODE', `must be write or read, got ${JSON.stringify(mode)}`);
  const nodeName = env['GATEWAY_NODE_NAME'] || `${hostname()}-${adminPort}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63);
  if (!NAME.test(nodeName)) bad('GATEWAY_NODE_NAME', `must be 1-63 letters, digits, "_", "." or "-", got ${JSON.stringify(nodeName)}`);
  return { redisUrl, group, mode, nodeName };
}

function bad(variable: string, message: string): never {
  throw new GatewayError('GW_BAD_REQUEST', `${variable} ${message}`, { field: variable });
}
