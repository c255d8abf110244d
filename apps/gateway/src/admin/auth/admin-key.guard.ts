import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors';
import { ADMIN_OPTIONS, type AdminOptions } from '../admin.tokens';
import { keysEqual, presentedKey } from './api-key';

/**
 * Lets an admin request through when no key is configured (the plane is then bound to loopback)
 * or when it presents the configured key; otherwise GW_UNAUTHORIZED (401). An address that sent
 * too many wrong keys is refused with GW_TOO_MANY_ATTEMPTS (429, Retry-After) before its key is
 * even compared.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  constructor(@Inject(ADMIN_OPTIONS) private readonly options: AdminOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.options.apiKey;
    if (expected === undefined) return true;
    const req = context.switchToHttp().getRequest<IncomingMessage>();
    const address = req.socket.remoteAddress ?? '';
    const throttle = this.options.throttle;
    const wait = throttle.retryAfterSec(address);
    if (wait > 0) {
      context.switchToHttp().getResponse<ServerResponse>().setHeader('Retry-After', String(wait));
      throw new GatewayError('GW_TOO_MANY_ATTEMPTS', `too many wrong admin keys from this address; retry in ${wait} s`);
    }
    const presented = presentedKey(req.headers);
    if (presented === undefined) {
      throw new GatewayError(
        'GW_UNAUTHORIZED',
        'admin API key required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"',
      );
    }
    if (!keysEqual(presented, expected)) {
      throttle.failed(address);
      throw new GatewayError('GW_UNAUTHORIZED', 'admin API key refused');
    }
    throttle.succeeded(address);
    return true;
  }
}
