#!/usr/bin/env node
/**
 * `node dist/main.js`: the gateway process. Configuration comes from GATEWAY_ADMIN_HOST,
 * GATEWAY_ADMIN_PORT, GATEWAY_DATA_DIR, GATEWAY_ADMIN_API_KEY (or _FILE), GATEWAY_STATISTICS and
 * GATEWAY_LOG_LEVEL. A config that cannot be loaded (corrupt file) ends the process with exit
 * code 1 and the file and position on stderr; SIGTERM and SIGINT stop it gracefully (drain, then exit 0). `--help`
 * and `--version` only print.
 */
import pino from 'pino';
import { bootstrap, DEFAULT_DRAIN_TIMEOUT_SEC, logLevelFromEnv, optionsFromEnv, type RunningGateway } from './bootstrap';
import { parseEntryFlags } from './cli/entry-flags';
import { isGatewayError } from './errors';

const USAGE = `Usage: node dist/main.js [--help] [--version]

Starts the Gatehouse gateway: the admin plane (REST API, OpenAPI at /openapi.json) and the data
plane pipelines stored in the data directory. Configured by the environment:

  GATEWAY_ADMIN_HOST          admin plane address (default 127.0.0.1; another address needs a key)
  GATEWAY_ADMIN_PORT          admin plane port (default 9090; 0 picks a free one)
  GATEWAY_DATA_DIR            where plugins.json and pipelines.json live (default ./data)
  GATEWAY_ADMIN_API_KEY       key the admin API requires (Authorization: Bearer <key>)
  GATEWAY_ADMIN_API_KEY_FILE  file holding that key instead; made (mode 0600) and the key logged
                              once when the file does not exist
  GATEWAY_WORKERS             data-plane processes sharing the listening ports (1-64 or auto;
                              default 1); SIGHUP restarts them one at a time
  GATEWAY_DRAIN_TIMEOUT_SEC   on SIGTERM/SIGINT, how long requests in flight may take to finish
                              (default 30, at most 600); the rest are then cut
  Without a key the admin plane asks for none and listens on 127.0.0.1 only.
  GATEWAY_LOG_LEVEL           fatal, error, warn, info (default), debug, trace or silent
  GATEWAY_ACCESS_LOG_FILE     file the access logs of HTTPServers with access_log on append to
                              (default: standard output, one JSON line per request)

Exit codes: 0 stopped by SIGTERM/SIGINT, 1 could not start (the reason is on stderr), 2 bad flag.
`;

/** Time a stop may take beyond the drain timeout (closing the admin plane, plugins) before the process exits anyway. @default 10 s */
const SHUTDOWN_MARGIN_MS = 10_000;

async function main(): Promise<void> {
  const flags = parseEntryFlags(process.argv.slice(2), { name: 'gatehouse-gateway', usage: USAGE });
  if ('exit' in flags) {
    process.exitCode = flags.exit;
    return;
  }
  let logger = pino({ name: 'gatehouse' });
  let running: RunningGateway;
  let stopOnSignal = (): void => undefined;
  try {
    logger = pino({ name: 'gatehouse', level: logLevelFromEnv() });
    const options = optionsFromEnv();
    const booted = bootstrap({ ...options, logger });
    // The admin plane answers before bootstrap ends (the cluster log and the workers come after
    // it), so from now on a signal must stop the gateway gracefully, not kill it outright.
    stopOnSignal = stopOnSignals(booted, logger, options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_SEC * 1000);
    running = await booted;
  } catch (err) {
    stopOnSignal();
    const text = isGatewayError(err)
      ? `${err.code}: ${err.message}`
      : String((err as Error).stack ?? err);
    logger.fatal({ err }, 'gateway failed to start');
    process.stderr.write(`gatehouse: cannot start: ${text}\n`);
    process.exitCode = 1;
    return;
  }
  const workers = running.workers;
  if (workers) {
    process.on('SIGHUP', () => {
      logger.info('SIGHUP: rolling restart of the workers');
      workers.rollingRestart().then(
        () => logger.info('rolling restart done'),
        (err: unknown) => logger.error({ err }, 'rolling restart failed'),
      );
    });
  }
}

/**
 * On SIGTERM or SIGINT, drains the gateway `booted` resolves to — once it is up, if the signal
 * came while it was starting — and exits 0. Returns what removes the handlers (a failed start).
 */
function stopOnSignals(booted: Promise<RunningGateway>, logger: pino.Logger, drainTimeoutMs: number): () => void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A repeated signal (a supervisor's retry, a second Ctrl-C) must not cut the drain short.
    if (stopping) {
      logger.warn({ signal }, 'already stopping; waiting for requests in flight');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('graceful shutdown took too long; exiting');
      process.exit(1);
    }, drainTimeoutMs + SHUTDOWN_MARGIN_MS).unref();
    booted.then(
      (running) =>
        running.drain().then(
          () => logger.info('gateway stopped'),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exitCode = 1;
          },
        ),
      () => undefined, // it did not start: main says why
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return () => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  };
}

void main();
