import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes a chunked request body through, failing once it exceeds `max` bytes. Bodies with a
 * Content-Length were checked by the server before routing, so only chunked ones pay for this.
 */
export class BodyLimit extends Transform {
  private seen = 0;
  exceeded = false;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) {
      this.exceeded = true;
      cb(new Error(`request body exceeds ${this.max} bytes`));
      return;
    }
    cb(null, chunk);
  }
}

/** The request's body stream, limited when it has no Content-Length. */
export function limitedBody(req: IncomingMessage, max: number): IncomingMessage | BodyLimit {
  if (max <= 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) return req;
  const limit = new BodyLimit(max);
  req.on('error', (err) => limit.destroy(err));
  return req.pipe(limit);
}
