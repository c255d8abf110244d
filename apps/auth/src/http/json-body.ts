// JSON request bodies. Nest's own body parser is turned off: this one parses every POST body as
// JSON whatever its content type, and instead of answering by itself it records the parse error,
// which the @JsonBody() parameter then throws - so the error goes through the exception filter and
// gets the catalogue's {code, message, field} shape like every other 400.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { BodyTooLargeError, InvalidBodyError, type AuthError } from '../errors';

const bodyErrors = new WeakMap<Request, AuthError>();

/** Express middleware: parses JSON bodies up to `limitBytes`, keeping parse errors for @JsonBody(). */
export function jsonBodyMiddleware(limitBytes: number): RequestHandler {
  const parse = express.json({
    limit: limitBytes,
    strict: true,
    type: () => true,
    // The parser turns an empty body into {}; an empty body is not a JSON document, so flag it.
    verify: (req, _res, buf) => {
      if (buf.length === 0) bodyErrors.set(req as Request, new InvalidBodyError('request body is empty', { field: 'body' }));
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) {
        const type = (err as { type?: unknown }).type;
        bodyErrors.set(
          req,
          type === 'entity.too.large'
            ? new BodyTooLargeError(`request body exceeds ${limitBytes} bytes`, { cause: err, field: 'body' })
            : new InvalidBodyError('request body is not valid JSON', { cause: err, field: 'body' }),
        );
      }
      next();
    });
  };
}

/** Parameter decorator: the parsed JSON object body; throws the recorded parse error or when not an object. */
export const JsonBody = createParamDecorator((_data: unknown, ctx: ExecutionContext): Record<string, unknown> => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const recorded = bodyErrors.get(req);
  if (recorded !== undefined) throw recorded;
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidBodyError('request body must be a JSON object', { field: 'body' });
  }
  return body as Record<string, unknown>;
});
