#!/usr/bin/env node
/**
 * `node dist/main.js`: the gateway process. Configuration comes from GATEWAY_ADMIN_HOST,
 * GATEWAY_ADMIN_PORT, GATEWAY_DATA_DIR, GATEWAY_ADMIN_API_KEY, GATEWAY_STATISTICS and
 * GATEWAY_LOG_LEVEL. A config that cannot be loaded
 * (corrupt file) ends the process with exit code 1 and the file and position on stderr; SIGTERM
 * and SIGINT stop it gracefully.
 */
import pino from 'pino';
import { bootstrap, logLevelFromEnv, optionsFromEnv, type RunningGateway } from './bootstrap';
import { isGatewayError } from './errors';

/** Longest a graceful stop may take before the process exits anyway. @default 10 s */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let logger = pino({ name: 'gatehouse' });
  let running: RunningGateway;
  try {
    logger = pino({ name: 'gatehouse', level: logLevelFromEnv() });
    running = await bootstrap({ ...optionsFromEnv(), logger });
  } catch (err) {
    const text = isGatewayError(err)
      ? `${err.code}: ${err.message}`
      : String((err as Error).stack ?? err);
    logger.fatal({ err }, 'gateway failed to start');
    process.stderr.write(`gatehouse: cannot start: ${text}\n`);
    process.exitCode = 1;
    return;
  }
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('graceful shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.close().then(
      () => logger.info('gateway stopped'),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
