// Turns every exception into the catalogue's JSON body. Our errors carry their status and code;
// Nest's own HttpExceptions (unknown routes) are mapped to catalogue codes; anything else is an
// internal error whose details go to the log, never to the client.
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { InternalError, isAuthError, OverloadedError, RouteNotFoundError, TooManyAttemptsError, type AuthError } from '../errors';

/** Maps any thrown value to a catalogue error. */
export function toAuthError(err: unknown): AuthError {
  if (isAuthError(err)) return err;
  if (err instanceof HttpException && err.getStatus() === 404) {
    return new RouteNotFoundError('no such route', { cause: err });
  }
  return new InternalError('internal error', { cause: err });
}

/** Global filter writing `{code, message, field?}` with the error's status. */
@Catch()
export class AuthErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = toAuthError(exception);
    if (error.status >= 500) {
      this.logger.error({ err: exception, code: error.code }, error.message);
    }
    if (error instanceof TooManyAttemptsError || error instanceof OverloadedError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    res.removeHeader('X-UID');
    res.status(error.status).json(error.toJSON());
  }
}
