/** What exitOnSignals logs with (a pino logger is one). */
export interface SignalLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The part of `process` exitOnSignals uses (tests pass their own). */
export interface SignalTarget {
  once(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
}

/**
 * The end of a service's `main`: on SIGTERM or SIGINT, log, await `close` (drain, disconnect)
 * and exit 0 — or 1 when closing failed, so a supervisor sees it.
 */
export function exitOnSignals(close: () => Promise<void>, logger: SignalLogger, target: SignalTarget = process): void {
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    close().then(
      () => target.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        target.exit(1);
      },
    );
  };
  target.once('SIGTERM', () => stop('SIGTERM'));
  target.once('SIGINT', () => stop('SIGINT'));
}
