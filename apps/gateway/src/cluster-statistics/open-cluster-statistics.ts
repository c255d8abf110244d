import { Redis } from 'ioredis';
import { ClusterIndicatorQuery } from './cluster-indicator-query';
import { ClusterSeriesReader } from './cluster-series-reader';

/**
 * The cluster statistics query over the folded series in `redisUrl` under `keyPrefix` (the
 * worker's STATS_KEY_PREFIX), with a client that fails fast (no offline queue, 2-s command
 * timeout), so a route answers 503 instead of hanging while Redis is down.
 */
export function openClusterStatistics(redisUrl: string, keyPrefix: string, wallNow: () => number = Date.now): { query: ClusterIndicatorQuery; close(): void } {
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000, retryStrategy: (n) => Math.min(200 * n, 2000) });
  redis.on('error', () => undefined);
  return { query: new ClusterIndicatorQuery(new ClusterSeriesReader(redis, keyPrefix, wallNow)), close: () => redis.disconnect() };
}
