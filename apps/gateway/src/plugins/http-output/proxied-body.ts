import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';

/** Bytes buffered before anyone reads the body; past this the backend socket is paused. */
const BUFFER_LIMIT = 64 * 1024;

/**
 * A backend response body fed straight from undici's dispatch handler. It is piped into the
 * client response (`pipe`) with backpressure carried back to the backend socket, and costs no
 * stream object or promise per chunk. Chunks that arrive before `pipe` are buffered, up to a
 * limit after which the backend is paused. `destroy` aborts the backend request.
 */
export class ProxiedBody {
  private chunks: Buffer[] | undefined;
  private buffered = 0;
  private sink: Writable | undefined;
  private ended = false;
  private failed: Error | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  private readonly onDrain = (): void => this.controller?.resume();

  constructor(controller: Dispatcher.DispatchController) {
    this.controller = controller;
  }

  /** Streams the body into `dest` (the client response) and ends it. */
  pipe<T extends Writable>(dest: T): T {
    this.sink = dest;
    const chunks = this.chunks;
    this.chunks = undefined;
    if (this.failed) {
      dest.destroy(this.failed);
      return dest;
    }
    if (chunks !== undefined) {
      const last = chunks.length - 1;
      for (let i = 0; i < last; i++) dest.write(chunks[i]!);
      if (this.ended) dest.end(chunks[last]);
      else if (!dest.write(chunks[last]!)) this.waitForDrain();
      else if (this.controller?.paused) this.controller.resume();
    } else if (this.ended) {
      dest.end();
    }
    return dest;
  }

  /** Gives up on the body: the backend request is aborted unless it already ended. */
  destroy(): void {
    if (!this.ended && !this.failed) {
      const err = new Error('response body discarded');
      this.failed = err;
      this.controller?.abort(err);
    }
    this.chunks = undefined;
  }

  /** From the handler: a chunk of the backend's body. */
  push(chunk: Buffer): void {
    const sink = this.sink;
    if (sink !== undefined) {
      if (!sink.write(chunk)) this.waitForDrain();
      return;
    }
    if (this.failed) return;
    (this.chunks ??= []).push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > BUFFER_LIMIT) this.controller?.pause();
  }

  /** From the handler: the backend finished the body. */
  end(): void {
    this.ended = true;
    this.controller = undefined;
    this.sink?.end();
  }

  /** From the handler: the backend connection failed mid-body; the client response is cut. */
  fail(err: Error): void {
    if (this.ended) return;
    this.failed = err;
    this.controller = undefined;
    this.sink?.destroy(err);
  }

  private waitForDrain(): void {
    this.controller?.pause();
    this.sink!.once('drain', this.onDrain);
  }
}
