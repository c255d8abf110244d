import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../../engine/clock';
import { beginAccessRecord, type AccessRecord } from './access-record';
import type { AccessLogSink } from './access-log-sink';
import { AccessSampler } from './access-sampler';

/** Paths longer than this are cut in the log, so a 16-KiB request target cannot bloat every line. */
export const MAX_LOGGED_PATH = 2048;

/**
 * An HTTPServer's access log: picks the sampled requests, starts their record, and queues the
 * finished entry on the shared sink when the response closes (finished or aborted).
 */
export class AccessLogger {
  private readonly sampler: AccessSampler;
  private readonly now: () => number;

  constructor(
    private readonly sink: AccessLogSink,
    ratio: number,
    private readonly server: string,
    clock: Clock,
  ) {
    this.sampler = new AccessSampler(ratio);
    this.now = () => clock.now();
  }

  get dropped(): number {
    return this.sink.dropped;
  }

  observe(req: IncomingMessage, res: ServerResponse): void {
    if (!this.sampler.take()) return;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    // The query string stays out: it often carries tokens and personal data.
    let path = q < 0 ? url : url.slice(0, q);
    if (path.length > MAX_LOGGED_PATH) path = `${path.slice(0, MAX_LOGGED_PATH)}…`;
    const record = beginAccessRecord(req, res, this.server, this.now, path);
    res.once('close', () => this.finish(record, req, res));
  }

  private finish(record: AccessRecord, req: IncomingMessage, res: ServerResponse): void {
    const durationMs = this.now() - record.start;
    // An answer whose head never left is logged as the client's abort, as NGINX does (499).
    const status = res.headersSent ? res.statusCode : 499;
    this.sink.push({
      record,
      status,
      bytesIn: requestBytes(req, res.writableFinished),
      bytesOut: Math.max(0, req.socket.bytesWritten - record.writtenBefore),
      durationMs,
    });
  }
}

/**
 * Bytes of the request as sent (NGINX's $request_length): request line and header fields as
 * Node parsed them, plus the declared body length when the exchange completed. Node does not
 * expose the bytes of one request on a keep-alive socket, so the head is rebuilt from its parts.
 */
export function requestBytes(req: IncomingMessage, completed: boolean): number {
  let n = (req.method?.length ?? 0) + 1 + (req.url?.length ?? 0) + 1 + 8 + 2;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) n += raw[i]!.length + 2 + raw[i + 1]!.length + 2;
  n += 2;
  const declared = Number(req.headers['content-length']);
  if (completed && Number.isFinite(declared) && declared > 0) n += declared;
  return n;
}
