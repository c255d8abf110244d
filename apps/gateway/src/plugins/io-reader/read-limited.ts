import { Writable } from 'node:stream';
import type { Clock } from '../../engine/clock';
import type { CancelSignal } from '../../engine/cancel-signal';

/** What IOReader reads: anything that pipes into a Writable — a Node stream, HTTPOutput's body. */
export interface PipeSource {
  pipe(dest: Writable): unknown;
  destroy(): unknown;
  on?(event: 'error', fn: (err: Error) => void): unknown;
}

/** How reading ended. */
export type ReadOutcome = { ok: true; data: Buffer } | { ok: false; why: 'too-long' | 'failed' | 'timeout' | 'cancelled'; detail?: string };

/**
 * Pipes `source` into one buffer of at most `max` bytes. Stops (and destroys the source) as soon
 * as it is longer, fails, outlasts `timeoutMs` on `clock`, or `signal` aborts: memory and time are
 * bounded whatever the other side sends.
 */
export function readLimited(source: PipeSource, max: number, timeoutMs: number, clock: Clock, signal: CancelSignal): Promise<ReadOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (outcome: ReadOutcome, destroy: boolean): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      signal.removeListener('abort', onAbort);
      if (destroy) {
        source.destroy();
        sink.destroy();
      }
      resolve(outcome);
    };
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        length += chunk.length;
        if (length > max) finish({ ok: false, why: 'too-long' }, true);
        else chunks.push(chunk);
        cb();
      },
      final(cb) {
        finish({ ok: true, data: Buffer.concat(chunks, length) }, false);
        cb();
      },
    });
    const failed = (err?: Error): void => finish({ ok: false, why: 'failed', detail: err?.message ?? 'closed before the end' }, true);
    sink.on('error', failed);
    sink.on('close', () => failed());
    source.on?.('error', failed);
    const onAbort = (): void => finish({ ok: false, why: 'cancelled' }, true);
    const timer = clock.setTimeout(() => finish({ ok: false, why: 'timeout' }, true), timeoutMs);
    signal.once('abort', onAbort);
    if (!done) source.pipe(sink);
  });
}
