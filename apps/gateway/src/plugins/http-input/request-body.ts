import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Clock, TimerHandle } from '../../engine/clock';
import type { BodyPolicy } from '../http-server/mux';

/** Why a request body could not be read; HTTPInput answers with the matching status. */
export type BodyFailure = 'too-large' | 'timeout';

/**
 * The rest of a body larger than the server's buffer: the bytes read so far, then the client's
 * socket, with a limit on the total (413) and on the pause between two reads (408). A stalled
 * client fails the stream, which aborts the backend request it feeds.
 */
export class StreamedBody extends Readable {
  /** Set when the body failed; HTTPInput answers 413 or 408 instead of the backend's outcome. */
  failure: BodyFailure | undefined;
  private seen: number;
  private timer: TimerHandle | undefined;
  private readonly onData = (chunk: Buffer): void => this.received(chunk);
  private readonly onEnd = (): void => {
    this.disarm();
    this.push(null);
  };
  private readonly onError = (err: Error): void => {
    this.destroy(err);
  };

  constructor(
    head: readonly Buffer[],
    private readonly req: IncomingMessage,
    private readonly policy: BodyPolicy,
    private readonly clock: Clock,
  ) {
    super({ highWaterMark: policy.bufferBytes });
    // A pipeline may never read the body; its failure must not become an uncaught 'error'.
    this.on('error', () => undefined);
    this.seen = 0;
    for (const c of head) this.seen += c.length;
    for (const c of head) this.push(c);
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('error', this.onError);
    req.pause();
  }

  override _read(): void {
    if (this.req.readableEnded) return;
    this.arm();
    this.req.resume();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.disarm();
    this.req.off('data', this.onData);
    this.req.off('end', this.onEnd);
    this.req.off('error', this.onError);
    cb(err);
  }

  private received(chunk: Buffer): void {
    this.seen += chunk.length;
    const max = this.policy.maxBodyBytes;
    if (max > 0 && this.seen > max) {
      this.fail('too-large', `request body exceeds ${max} bytes`);
      return;
    }
    if (this.push(chunk)) this.arm();
    else {
      // The backend is slow, not the client: no read is pending, so no timeout runs.
      this.disarm();
      this.req.pause();
    }
  }

  private arm(): void {
    this.disarm();
    this.timer = this.clock.setTimeout(() => this.fail('timeout', 'request body stalled'), this.policy.bodyTimeoutMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fail(failure: BodyFailure, message: string): void {
    this.failure = failure;
    this.req.pause();
    this.destroy(new Error(message));
  }
}

/** What `readBody` produced: the whole body, or its head and a stream of the rest. */
export type ReadBody = Buffer | StreamedBody;

/**
 * Reads a request body before its request becomes a task (NGINX `proxy_request_buffering on`):
 * up to `policy.bufferBytes` bytes, with at most `policy.bodyTimeoutMs` between two reads. A body
 * that fits is handed over whole, so the task holds neither a pipeline slot nor a backend
 * connection while a slow client trickles it; a larger one is handed over as a StreamedBody once
 * the buffer is full. `done` gets exactly one outcome; nothing is called when the client leaves.
 */
export function readBody(
  req: IncomingMessage,
  policy: BodyPolicy,
  clock: Clock,
  done: (body: ReadBody | undefined, failure: BodyFailure | undefined) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: TimerHandle | undefined;
  const cleanup = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
  };
  const arm = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      cleanup();
      req.pause();
      done(undefined, 'timeout');
    }, policy.bodyTimeoutMs);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (policy.maxBodyBytes > 0 && size > policy.maxBodyBytes) {
      cleanup();
      req.pause();
      done(undefined, 'too-large');
      return;
    }
    chunks.push(chunk);
    if (size >= policy.bufferBytes) {
      cleanup();
      done(new StreamedBody(chunks, req, policy, clock), undefined);
      return;
    }
    arm();
  };
  const onEnd = (): void => {
    cleanup();
    done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), undefined);
  };
  const onClose = (): void => {
    if (!req.readableEnded) cleanup();
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  arm();
}

/** True when the request announces a body (a non-zero Content-Length, or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined) return len !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}
