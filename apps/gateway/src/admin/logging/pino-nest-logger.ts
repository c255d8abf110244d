import type { LoggerService } from '@nestjs/common';
import type { Logger } from '../../engine/logger';

/**
 * Routes Nest's own messages into the gateway's pino logger. Nest's startup chatter (modules
 * and routes mapped) goes to debug so the info log holds what an operator needs.
 */
export class PinoNestLogger implements LoggerService {
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
    this.logger.debug({ context }, String(message));
  }
}
