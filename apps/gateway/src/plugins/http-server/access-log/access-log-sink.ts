import type { AccessRecord } from './access-record';

/** Where finished lines go: pino's SonicBoom (async, buffered) in production, an array in tests. */
export interface AccessLogDestination {
  /** Takes a batch of newline-terminated lines; may drop them (SonicBoom's `maxLength`). */
  write(chunk: string): unknown;
  /** Called on close: write what is buffered, then let go of the file or descriptor. */
  end?(): void;
  /** Lines the destination itself dropped (a full write buffer). */
  readonly dropped?: number;
}

/** One finished request, as the sink queues it until the next flush. */
export interface AccessEntry {
  readonly record: AccessRecord;
  readonly status: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly durationMs: number;
}

export interface AccessLogSinkOptions {
  /** Entries held between flushes; beyond it new entries are dropped and counted. @default 10000 */
  maxQueued?: number;
}

/** The service key under which a gateway's HTTPServers share one sink. */
export const ACCESS_LOG_SERVICE = 'http-server.access-log';

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Formats one entry as a JSON line; JSON escaping keeps a hostile path from forging lines. */
export function formatAccessEntry(e: AccessEntry): string {
  const r = e.record;
  return `${JSON.stringify({
    time: new Date(r.time).toISOString(),
    type: 'access',
    server: r.server,
    client: r.client,
    method: r.method,
    path: r.path,
    pipeline: r.pipeline ?? null,
    route: r.route ?? null,
    status: e.status,
    bytes_in: e.bytesIn,
    bytes_out: e.bytesOut,
    duration_ms: round(e.durationMs),
    backend: r.backend ?? null,
    backend_ms: r.backendMs < 0 ? null : round(r.backendMs),
    error_code: r.errorCode ?? null,
  })}\n`;
}

/**
 * Keeps the access log off the request path: a finished request only queues its entry; the
 * lines are formatted and handed to the destination in one batch after the current I/O phase
 * (setImmediate). The queue is bounded, so a destination that cannot keep up costs dropped lines,
 * counted in `dropped`, never memory or latency.
 */
export class AccessLogSink {
  private queue: AccessEntry[] = [];
  private scheduled = false;
  private closed = false;
  private readonly maxQueued: number;
  private queueDropped = 0;
  /** Lines written to the destination. */
  written = 0;

  constructor(
    private readonly destination: AccessLogDestination,
    opts: AccessLogSinkOptions = {},
  ) {
    this.maxQueued = opts.maxQueued ?? 10_000;
  }

  /** Lines lost: to a full queue, or to the destination's full buffer. */
  get dropped(): number {
    return this.queueDropped + (this.destination.dropped ?? 0);
  }

  push(entry: AccessEntry): void {
    if (this.closed || this.queue.length >= this.maxQueued) {
      this.queueDropped++;
      return;
    }
    this.queue.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes every queued entry now. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let chunk = '';
    for (const e of batch) chunk += formatAccessEntry(e);
    this.destination.write(chunk);
    this.written += batch.length;
  }

  /** Flushes, then closes the destination; later entries are dropped. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.destination.end?.();
  }
}
