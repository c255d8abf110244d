import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the access log learns about one sampled request while it runs. HTTPServer makes it, and
 * the plugins that know more (HTTPInput: pipeline and route; HTTPOutput: backend) fill it in
 * through the response object, so an unsampled request costs them one property read.
 */
export interface AccessRecord {
  /** Wall-clock start, ms since the epoch. */
  readonly time: number;
  /** The server's monotonic clock (ms), so every duration of the record is read from one source. */
  readonly now: () => number;
  /** Monotonic start, ms. */
  readonly start: number;
  readonly server: string;
  readonly client: string;
  readonly method: string;
  readonly path: string;
  /** Socket bytes written before this response began. */
  readonly writtenBefore: number;
  pipeline: string | undefined;
  route: string | undefined;
  backend: string | undefined;
  /** Monotonic time the backend call began, ms. */
  backendStart: number;
  /** Time to the backend's response head (or failure), ms; -1 when no backend was called. */
  backendMs: number;
  errorCode: string | undefined;
}

const RECORD = Symbol('gatehouse.accessRecord');

type Recorded = ServerResponse & { [RECORD]?: AccessRecord };

/** The record of a sampled request; undefined when the request is not logged. */
export function accessRecordOf(res: ServerResponse | undefined): AccessRecord | undefined {
  return res === undefined ? undefined : (res as Recorded)[RECORD];
}

/** Starts the record of a request and binds it to the response. */
export function beginAccessRecord(req: IncomingMessage, res: ServerResponse, server: string, now: () => number, path: string): AccessRecord {
  const record: AccessRecord = {
    time: Date.now(),
    now,
    start: now(),
    server,
    client: req.socket.remoteAddress ?? '',
    method: req.method ?? '',
    path,
    writtenBefore: req.socket.bytesWritten,
    pipeline: undefined,
    route: undefined,
    backend: undefined,
    backendStart: 0,
    backendMs: -1,
    errorCode: undefined,
  };
  (res as Recorded)[RECORD] = record;
  return record;
}

/** Notes the gateway's own error code of the answer (the first one set wins: it is the cause). */
export function noteAccessError(res: ServerResponse, code: string | undefined): void {
  const record = (res as Recorded)[RECORD];
  if (record !== undefined && record.errorCode === undefined && code !== undefined) record.errorCode = code;
}

/** Notes the backend a plugin is about to call. */
export function noteBackendStart(record: AccessRecord, origin: string): void {
  record.backend = origin;
  record.backendStart = record.now();
}

/** Notes that the backend answered its head, or failed. */
export function noteBackendEnd(record: AccessRecord): void {
  record.backendMs = record.now() - record.backendStart;
}
