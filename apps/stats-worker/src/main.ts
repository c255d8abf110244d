// Entry point: `node apps/stats-worker/dist/main.js`. `--help` and `--version` only print and
// never connect anywhere; otherwise reads the environment, starts, and stops cleanly on
// SIGTERM/SIGINT (folding the jobs it holds). A failed start exits 1 with the error logged.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { WORKER_VERSION } from './version';

const USAGE = `Usage: node dist/main.js [--help] [--version]

Gatehouse stats worker: folds the gateway nodes' per-tick statistics (the BullMQ queue
STATS_QUEUE) into Redis time series — 5-s buckets rolled up into 1-min and 1-h —
exactly (merged histograms) and once per job. Serves GET /health and GET /metrics.
Configured by the environment:

  STATS_REDIS_URL                   Redis of the queue and the series (default REDIS_URL, else redis://127.0.0.1:6379)
  STATS_WORKER_HOST                 HTTP address (default 127.0.0.1)
  STATS_WORKER_PORT                 HTTP port (default 9100; 0 picks a free one)
  STATS_WORKER_CONCURRENCY          jobs held at once (default 1024)
  STATS_WORKER_BATCH_SIZE           jobs folded per script run (default 512)
  STATS_WORKER_BATCH_WAIT_MS        longest wait to fill a batch (default 200)
  STATS_WORKER_LOCK_MS              job lock; jobs of a dead worker return after it (default 30000)
  STATS_WORKER_STALLED_INTERVAL_MS  stalled-job check period (default 30000)
  STATS_WORKER_MAX_STALLED          stalls before a job fails for good (default 10)
  STATS_RETENTION_5S_SEC            5-s buckets kept (default 7200); also the dedupe window
  STATS_RETENTION_1M_SEC            1-min buckets kept (default 172800)
  STATS_RETENTION_1H_SEC            1-h buckets kept (default 2592000)
  STATS_KEY_PREFIX                  key prefix (default gatehouse:stats); the gateways'
                                    GATEWAY_STATS_KEY_PREFIX must be the same
  STATS_QUEUE                       queue name (default gatehouse-stats); the gateways'
                                    GATEWAY_STATS_QUEUE must be the same
  STATS_WORKER_LOG_LEVEL            fatal, error, warn, info, debug, trace or silent (default info)

Exit codes: 0 stopped by SIGTERM/SIGINT, 1 could not start (logged), 2 bad flag.
`;

async function main(): Promise<void> {
  let flags: { help?: boolean; version?: boolean };
  try {
    flags = parseArgs({ args: process.argv.slice(2), options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } }, strict: true }).values;
  } catch (err) {
    process.stderr.write(`gatehouse-stats-worker: ${(err as Error).message}\nRun with --help for usage.\n`);
    process.exitCode = 2;
    return;
  }
  if (flags.help === true) return void process.stdout.write(USAGE);
  if (flags.version === true) return void process.stdout.write(`gatehouse-stats-worker ${WORKER_VERSION}\n`);
  // Loaded only now: --help and --version stay instant, whatever Nest and BullMQ cost to load.
  /* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS require is the lazy load here */
  const pino = require('pino') as typeof import('pino').default;
  const { startStatsWorker } = require('./app.factory') as typeof import('./app.factory');
  const { loadConfig } = require('./config/worker-config') as typeof import('./config/worker-config');
  const { exitOnSignals } = require('@gatehouse/foundation') as typeof import('@gatehouse/foundation');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let logger = pino({ name: 'gatehouse-stats-worker' });
  try {
    const config = loadConfig(process.env);
    logger = pino({ name: 'gatehouse-stats-worker', level: config.logLevel });
    const running = await startStatsWorker(config, logger);
    exitOnSignals(() => running.close(), logger);
  } catch (err) {
    logger.fatal({ err }, 'stats worker failed to start');
    process.exit(1);
  }
}

void main();
