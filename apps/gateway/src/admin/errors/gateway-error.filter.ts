import { Catch, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../engine/logger';
import { GatewayError } from '../../errors';
import { toErrorResponse } from './error-response';

/** Methods a path takes, or undefined when no route serves it. */
export type AllowedMethods = (path: string) => readonly string[] | undefined;

/**
 * The admin plane's only exception filter: every error, from a guard, the body reader, a
 * controller or Nest's router, is answered as JSON `{code, message, field?}`. 5xx are logged
 * with their cause; client mistakes are not. A path that exists but not for the method is a
 * 405 with `Allow` rather than the router's 404.
 */
@Catch()
export class GatewayErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly allowedMethods: AllowedMethods = () => undefined,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    const allow = this.wrongMethod(exception, req);
    const { status, body, unexpected } = toErrorResponse(
      allow
        ? new GatewayError(
            'GW_METHOD_NOT_ALLOWED',
            `method ${req.method} is not allowed here; use ${allow.join(', ')}`,
          )
        : exception,
    );
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
    if (allow) res.setHeader('Allow', allow.join(', '));
    if (body.code === 'GW_UNAUTHORIZED')
      res.setHeader('WWW-Authenticate', 'Bearer realm="gatehouse-admin"');
    // A body left unread (too large, refused early) must not be parsed as the next request.
    if (!req.complete) res.setHeader('Connection', 'close');
    res.end(payload);
  }

  /** The methods to offer when `exception` is the router's "no route" for a path that has routes. */
  private wrongMethod(exception: unknown, req: IncomingMessage): readonly string[] | undefined {
    if (!(exception instanceof NotFoundException) || exception instanceof GatewayError)
      return undefined;
    const path = (req.url ?? '/').split('?')[0]!;
    const methods = this.allowedMethods(path);
    return methods && methods.length > 0 && !methods.includes(req.method ?? '')
      ? methods
      : undefined;
  }
}
