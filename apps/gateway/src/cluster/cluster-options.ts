import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { GatewayError } from '../errors';
import { parseSecretKey } from './secret-sealer';

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
  /** `GATEWAY_CLUSTER_SECRET_KEY` (or `_FILE`): the group's 32-byte key sealing secrets in the log. @default none */
  secretKey?: Buffer;
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
  const secretKey = secretKeyFromEnv(env);
  return { redisUrl, group, mode, nodeName, ...(secretKey ? { secretKey } : {}) };
}

/** Largest key file read. @default 4 KiB */
const MAX_KEY_FILE_BYTES = 4096;

function secretKeyFromEnv(env: NodeJS.ProcessEnv): Buffer | undefined {
  const inline = env['GATEWAY_CLUSTER_SECRET_KEY'];
  const file = env['GATEWAY_CLUSTER_SECRET_KEY_FILE'];
  if (inline && file) bad('GATEWAY_CLUSTER_SECRET_KEY_FILE', 'and GATEWAY_CLUSTER_SECRET_KEY are both set; set one');
  if (inline) return parseSecretKey(inline, 'GATEWAY_CLUSTER_SECRET_KEY');
  if (!file) return undefined;
  let text: string;
  try {
    if (statSync(file).size > MAX_KEY_FILE_BYTES) bad('GATEWAY_CLUSTER_SECRET_KEY_FILE', `is larger than ${MAX_KEY_FILE_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    bad('GATEWAY_CLUSTER_SECRET_KEY_FILE', `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseSecretKey(text, 'GATEWAY_CLUSTER_SECRET_KEY_FILE');
}

function bad(variable: string, message: string): never {
  throw new GatewayError('GW_BAD_REQUEST', `${variable} ${message}`, { field: variable });
}
