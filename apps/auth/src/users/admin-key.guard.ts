// Protects the admin endpoints with AUTH_ADMIN_API_KEY, sent as `Authorization: Bearer <key>` or
// `X-API-Key: <key>`. Without a configured key the endpoints are off (403), never open.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { AdminDisabledError, AdminUnauthorizedError } from '../errors';
import { ADMIN_API_KEY, LOGGER } from '../tokens';

/** SHA-256 so both sides of the comparison have the same length whatever the key lengths. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Reads the presented key from Authorization: Bearer or X-API-Key. */
export function presentedKey(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (match !== null) return match[1];
  }
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/** Admin-key guard for POST /v1/users. */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(
    @Inject(ADMIN_API_KEY) adminApiKey: string | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.expected = adminApiKey === null ? null : digest(adminApiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === null) {
      this.logger.debug('refused POST /v1/users: admin endpoint disabled');
      throw new AdminDisabledError('the admin endpoint is disabled: AUTH_ADMIN_API_KEY is not set');
    }
    const key = presentedKey(context.switchToHttp().getRequest<Request>());
    if (key === undefined || !timingSafeEqual(digest(key), this.expected)) {
      throw new AdminUnauthorizedError('a valid admin API key is required (Authorization: Bearer or X-API-Key)');
    }
    return true;
  }
}
