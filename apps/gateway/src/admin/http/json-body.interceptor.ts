import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { from, mergeMap, type Observable } from 'rxjs';
import { GatewayError } from '../../errors';
import { readJsonBody } from './read-json-body';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Parses JSON bodies. It runs as an interceptor rather than as body-parser middleware so that
 * guards run first: a request without the API key is refused before its body is read, and
 * unrouted requests are never read at all. Routes that take a body accept only a JSON object.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<IncomingMessage & { body?: unknown }>();
    if (!WITH_BODY.has(req.method ?? '')) return next.handle();
    return from(readJsonBody(req)).pipe(
      mergeMap((body) => {
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new GatewayError(
            'GW_BAD_REQUEST',
            'request body must be a JSON object {type, config}',
          );
        }
        req.body = body;
        return next.handle();
      }),
    );
  }
}
