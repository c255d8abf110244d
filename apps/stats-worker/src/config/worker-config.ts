import { DEFAULT_PREFIX, DEFAULT_RETENTION, isKeyPrefix, isQueueName, KEY_PREFIX_RULE, QUEUE_NAME_RULE, STATS_QUEUE, type Retention } from '@gatehouse/stats-wire';
import type { BatchSettings } from '../fold/batch-folder';
import type { FoldSettings } from '../fold/group-folder';
import type { ConsumerSettings } from '../queue/stats-consumer';
import { BadConfigError } from '../errors';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Everything the worker is configured with. */
export interface WorkerConfig {
  /** `STATS_REDIS_URL` (else `REDIS_URL`). @default "redis://127.0.0.1:6379" */
  redisUrl: string;
  /** `STATS_WORKER_HOST`. @default "127.0.0.1" */
  host: string;
  /** `STATS_WORKER_PORT` (0 picks a free one). @default 9100 */
  port: number;
  /** `STATS_WORKER_LOG_LEVEL`. @default "info" */
  logLevel: (typeof LOG_LEVELS)[number];
  consumer: ConsumerSettings;
  fold: FoldSettings & BatchSettings;
}

/** Reads the configuration from the environment; a bad value is STATS_BAD_CONFIG naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const redisUrl = str(env, 'STATS_REDIS_URL') ?? str(env, 'REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) throw new BadConfigError('STATS_REDIS_URL', 'must be a redis:// or rediss:// URL');
  const logLevel = str(env, 'STATS_WORKER_LOG_LEVEL') ?? 'info';
  const level = LOG_LEVELS.find((l) => l === logLevel);
  if (level === undefined) throw new BadConfigError('STATS_WORKER_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const prefix = str(env, 'STATS_KEY_PREFIX') ?? DEFAULT_PREFIX;
  if (!isKeyPrefix(prefix)) throw new BadConfigError('STATS_KEY_PREFIX', KEY_PREFIX_RULE);
  const queueName = str(env, 'STATS_QUEUE') ?? STATS_QUEUE;
  if (!isQueueName(queueName)) throw new BadConfigError('STATS_QUEUE', QUEUE_NAME_RULE);
  const retention: Retention = {
    '5s': int(env, 'STATS_RETENTION_5S_SEC', DEFAULT_RETENTION['5s'], 1800, 7 * 86_400),
    '1m': int(env, 'STATS_RETENTION_1M_SEC', DEFAULT_RETENTION['1m'], 3600, 90 * 86_400),
    '1h': int(env, 'STATS_RETENTION_1H_SEC', DEFAULT_RETENTION['1h'], 86_400, 3 * 365 * 86_400),
  };
  return {
    redisUrl,
    host: str(env, 'STATS_WORKER_HOST') ?? '127.0.0.1',
    port: int(env, 'STATS_WORKER_PORT', 9100, 0, 65_535),
    logLevel: level,
    consumer: {
      queueName,
      concurrency: int(env, 'STATS_WORKER_CONCURRENCY', 1024, 1, 10_000),
      lockDurationMs: int(env, 'STATS_WORKER_LOCK_MS', 30_000, 1000, 600_000),
      stalledIntervalMs: int(env, 'STATS_WORKER_STALLED_INTERVAL_MS', 30_000, 500, 600_000),
      maxStalledCount: int(env, 'STATS_WORKER_MAX_STALLED', 10, 1, 1000),
    },
    fold: {
      prefix,
      retention,
      // Remembered as long as the 5-s buckets live: a job older than that has nowhere to go.
      dedupeTicks: Math.floor(retention['5s'] / 5),
      batchSize: int(env, 'STATS_WORKER_BATCH_SIZE', 512, 1, 10_000),
      batchWaitMs: int(env, 'STATS_WORKER_BATCH_WAIT_MS', 200, 0, 60_000),
    },
  };
}

function str(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new BadConfigError(name, `must be an integer ${min}-${max}, got ${JSON.stringify(raw)}`);
  return n;
}
