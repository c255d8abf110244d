// Entry point: `node apps/auth/dist/main.js`. Reads the environment, starts the service, and
// deregisters and closes cleanly on SIGTERM/SIGINT. A failed boot exits 1 with the error logged.
import { startAuthApp } from './app.factory';
import { loadConfig } from './config/auth-config';
import { isAuthError } from './errors';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let logger = createLogger('info');
  try {
    const config = loadConfig(process.env);
    logger = createLogger(config.logLevel);
    const running = await startAuthApp({ ...config, logger });
    const stop = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  } catch (err) {
    logger.fatal({ err, code: isAuthError(err) ? err.code : undefined }, 'auth service failed to start');
    process.exit(1);
  }
}

void main();
