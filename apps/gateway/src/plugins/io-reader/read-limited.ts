import type { Readable } from 'node:stream';
import type { Clock } from '../../engine/clock';
import type { CancelSignal } from '../../engine/cancel-signal';

/** How reading a stream ended. */
export type ReadOutcome = { ok: true; data: Buffer } | { ok: false; why: 'too-long' | 'failed' | 'timeout' | 'cancelled'; detail?: string };

/**
 * Reads `stream` into one buffer of at most `max` bytes. Stops (and destroys the stream) as soon
 * as it is longer, fails, outlasts `timeoutMs` on `clock`, or `signal` aborts: memory and time are
 * bounded whatever the other side sends.
 */
export function readLimited(stream: Readable, max: number, timeoutMs: number, clock: Clock, signal: CancelSignal): Promise<ReadOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (outcome: ReadOutcome, destroy: boolean): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      signal.removeListener('abort', onAbort);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (destroy) stream.destroy();
      resolve(outcome);
    };
    const onData = (chunk: Buffer | string): void => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      length += b.length;
      if (length > max) return finish({ ok: false, why: 'too-long' }, true);
      chunks.push(b);
    };
    const onEnd = (): void => finish({ ok: true, data: Buffer.concat(chunks, length) }, false);
    const onError = (err: Error): void => finish({ ok: false, why: 'failed', detail: err.message }, true);
    const onAbort = (): void => finish({ ok: false, why: 'cancelled' }, true);
    const timer = clock.setTimeout(() => finish({ ok: false, why: 'timeout' }, true), timeoutMs);
    signal.once('abort', onAbort);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}
