import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/** What HTTPInput hands its pipeline as a task's source. */
export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Record<string, string>;
  /** The request path without the query string. */
  readonly path: string;
  /** The request body (limited when chunked). */
  readonly body: Readable;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** Copies a header map without hop-by-hop headers, which belong to one connection only. */
export function endToEndHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (headers === undefined) return out;
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  }
  return out;
}

/** True for a hop-by-hop header name (lower case). */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name);
}
