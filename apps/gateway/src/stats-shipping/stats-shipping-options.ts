import { DEFAULT_PREFIX, isKeyPrefix, isQueueName, KEY_PREFIX_RULE, QUEUE_NAME_RULE, REPORT_BODY_TTL_SEC, STATS_QUEUE } from '@gatehouse/stats-wire';
import { hostname } from 'node:os';
import { GatewayError } from '../errors';
import type { ClusterOptions } from '../cluster/cluster-options';

/** Where and as whom a node ships its per-tick statistics to the stats worker. */
export interface StatsShippingOptions {
  /** `GATEWAY_STATS_REDIS_URL`, else the cluster's Redis. */
  redisUrl: string;
  /** `GATEWAY_CLUSTER_GROUP` (read outside the cluster mode too). @default "default" */
  group: string;
  /** `GATEWAY_NODE_NAME`. @default host name + admin port */
  nodeName: string;
  /** `GATEWAY_STATS_BUFFER_TICKS`: reports kept while Redis is unreachable (oldest dropped). @default 720 (1 h) */
  bufferTicks: number;
  /**
   * `GATEWAY_STATS_KEY_PREFIX`: prefix of the report bodies this node writes and of the folded
   * series its cluster statistics read; must equal the worker's `STATS_KEY_PREFIX`.
   * @default "gatehouse:stats" (DEFAULT_PREFIX)
   */
  keyPrefix: string;
  /**
   * `GATEWAY_STATS_QUEUE`: BullMQ queue the reports go to; must equal the worker's `STATS_QUEUE`.
   * @default "gatehouse-stats" (STATS_QUEUE)
   */
  queueName: string;
  /**
   * `GATEWAY_STATS_BODY_TTL_SEC`: how long a shipped report body waits in Redis for a worker. A
   * worker outage longer than this loses those ticks (their jobs fail as STATS_MISSING_BODY);
   * longer costs Redis memory while no worker runs (about 30 KB per node-tick at 50 pipelines).
   * @default 7200 (REPORT_BODY_TTL_SEC)
   */
  bodyTtlSec: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const MAX_BUFFER = 17_280; // one day of ticks
/** A body must outlive a worker's batch wait and restart; a week of ticks is more than any outage worth replaying. */
const BODY_TTL_RANGE = [60, 7 * 24 * 3600] as const;

/**
 * Stats shipping settings: on with `GATEWAY_STATS_REDIS_URL`, or in the cluster mode (its Redis);
 * undefined (off) in the embedded mode. Bad values are refused naming the variable.
 */
export function statsShippingOptionsFromEnv(env: NodeJS.ProcessEnv, adminPort: number, cluster: ClusterOptions | undefined): StatsShippingOptions | undefined {
  const own = env['GATEWAY_STATS_REDIS_URL'];
  const redisUrl = own !== undefined && own !== '' ? own : cluster?.redisUrl;
  if (redisUrl === undefined) return undefined;
  if (!/^rediss?:\/\//.test(redisUrl)) bad('GATEWAY_STATS_REDIS_URL', 'must be a redis:// or rediss:// URL');
  const group = cluster?.group ?? (env['GATEWAY_CLUSTER_GROUP'] || 'default');
  if (!NAME.test(group)) bad('GATEWAY_CLUSTER_GROUP', `must be 1-63 letters, digits, "_", "." or "-", got ${JSON.stringify(group)}`);
  const nodeName = cluster?.nodeName ?? (env['GATEWAY_NODE_NAME'] || `${hostname()}-${adminPort}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63));
  if (!NAME.test(nodeName)) bad('GATEWAY_NODE_NAME', `must be 1-63 letters, digits, "_", "." or "-", got ${JSON.stringify(nodeName)}`);
  const rawBuffer = env['GATEWAY_STATS_BUFFER_TICKS'];
  let bufferTicks = 720;
  if (rawBuffer !== undefined && rawBuffer !== '') {
    bufferTicks = Number(rawBuffer);
    if (!Number.isInteger(bufferTicks) || bufferTicks < 1 || bufferTicks > MAX_BUFFER) bad('GATEWAY_STATS_BUFFER_TICKS', `must be an integer 1-${MAX_BUFFER}, got ${JSON.stringify(rawBuffer)}`);
  }
  const keyPrefix = env['GATEWAY_STATS_KEY_PREFIX'] || DEFAULT_PREFIX;
  if (!isKeyPrefix(keyPrefix)) bad('GATEWAY_STATS_KEY_PREFIX', `${KEY_PREFIX_RULE} (the stats worker's STATS_KEY_PREFIX), got ${JSON.stringify(keyPrefix)}`);
  const queueName = env['GATEWAY_STATS_QUEUE'] || STATS_QUEUE;
  if (!isQueueName(queueName)) bad('GATEWAY_STATS_QUEUE', `${QUEUE_NAME_RULE} (the stats worker's STATS_QUEUE), got ${JSON.stringify(queueName)}`);
  const rawTtl = env['GATEWAY_STATS_BODY_TTL_SEC'];
  let bodyTtlSec = REPORT_BODY_TTL_SEC;
  if (rawTtl !== undefined && rawTtl !== '') {
    bodyTtlSec = Number(rawTtl);
    const [min, max] = BODY_TTL_RANGE;
    if (!/^\d+$/.test(rawTtl) || bodyTtlSec < min || bodyTtlSec > max) bad('GATEWAY_STATS_BODY_TTL_SEC', `must be an integer ${min}-${max} (seconds), got ${JSON.stringify(rawTtl)}`);
  }
  return { redisUrl, group, nodeName, bufferTicks, keyPrefix, queueName, bodyTtlSec };
}

function bad(variable: string, message: string): never {
  throw new GatewayError('GW_BAD_REQUEST', `${variable} ${message}`, { field: variable });
}
