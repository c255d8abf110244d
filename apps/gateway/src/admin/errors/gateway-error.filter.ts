import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../engine/logger';
import { toErrorResponse } from './error-response';

/**
 * The admin plane's only exception filter: every error, from a guard, the body reader, a
 * controller or Nest's router, is answered as JSON `{code, message, field?}`. 5xx are logged
 * with their cause; client mistakes are not.
 */
@Catch()
export class GatewayErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    const { status, body, unexpected } = toErrorResponse(exception);
    if (unexpected)
      this.logger.error(
        { err: exception, method: req.method, url: req.url },
        'admin request failed',
      );
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const payload = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(payload));
    if (body.code === 'GW_UNAUTHORIZED')
      res.setHeader('WWW-Authenticate', 'Bearer realm="gatehouse-admin"');
    // A body left unread (too large, refused early) must not be parsed as the next request.
    if (!req.complete) res.setHeader('Connection', 'close');
    res.end(payload);
  }
}
