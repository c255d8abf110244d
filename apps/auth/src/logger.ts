// pino for the service's own logs, and an adapter so Nest's framework messages go to the same
// stream (at debug level: route mapping chatter is not worth an info line per boot).
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Creates the service logger. @default level "info", destination stdout */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = { name: 'auth', level };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** Nest LoggerService writing through pino. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
