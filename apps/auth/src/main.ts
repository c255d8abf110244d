// Entry point: `node apps/auth/dist/main.js`. Reads the environment, starts the service, and
// deregisters and closes cleanly on SIGTERM/SIGINT. A failed boot exits 1 with the error logged.
// `--help` and `--version` only print.
import { exitOnSignals } from '@gatehouse/foundation';
import { startAuthApp } from './app.factory';
import { parseFlags } from './cli-flags';
import { loadConfig } from './config/auth-config';
import { isAuthError } from './errors';
import { createLogger } from './logger';

const USAGE = `Usage: node dist/main.js [--help] [--version]

Starts the Gatehouse auth service (users, scrypt passwords, POST /v1/login answering X-UID).
Configured by the environment:

  AUTH_HOST               listen address (default 127.0.0.1)
  AUTH_PORT               listen port (default 8081; 0 picks a free one)
  AUTH_ADMIN_API_KEY      enables POST /v1/users with this key (at least 16 characters)
  DATABASE_URL            PostgreSQL (postgres://...); unset = SQLite at AUTH_SQLITE_PATH
  AUTH_SQLITE_PATH        SQLite file (default ./data/auth.sqlite)
  AUTH_DB_SCHEMA          PostgreSQL schema (default public)
  REDIS_URL               Redis for login throttling shared by all instances (default in process)
  REGISTRY_AGENT_URL      registry agent to register with (default none)
  AUTH_ADVERTISE_ADDRESS  address registered with the agent (default AUTH_HOST, or 127.0.0.1)
  AUTH_TRUST_PROXY        Express "trust proxy" for X-Forwarded-For (default false)
  AUTH_LOG_LEVEL          fatal, error, warn, info, debug, trace or silent (default info)
  NODE_ENV=production     refuses weak scrypt parameters

Exit codes: 0 stopped by SIGTERM/SIGINT, 1 could not start (logged), 2 bad flag.
`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), 'gatehouse-auth', USAGE);
  if ('exit' in flags) {
    process.exitCode = flags.exit;
    return;
  }
  let logger = createLogger('info');
  try {
    const config = loadConfig(process.env);
    logger = createLogger(config.logLevel);
    const running = await startAuthApp({ ...config, logger });
    exitOnSignals(() => running.close(), logger);
  } catch (err) {
    logger.fatal({ err, code: isAuthError(err) ? err.code : undefined }, 'auth service failed to start');
    process.exit(1);
  }
}

void main();
