import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { isIdentityHeader } from '../shared/token-keys';

/** What HTTPInput hands its pipeline as a task's source. */
export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Record<string, string>;
  /** The request path without the query string. */
  readonly path: string;
  /** The request body: whole when it fit the server's buffer, else its head and a stream of the rest. */
  readonly body: Readable | Buffer;
}

/**
 * A response body HTTPInput can relay: a Node Readable, or HTTPOutput's ProxiedBody, which
 * writes into the client response itself and reports failures by destroying it.
 */
export interface BodySource {
  pipe(dest: Writable): unknown;
  destroy(): unknown;
  on?(event: 'error', fn: (err: Error) => void): unknown;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/**
 * Copies a backend's response header map for the client: without hop-by-hop headers, which
 * belong to one connection only, and without identity headers (X-UID), which stay inside.
 */
export function endToEndHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (headers === undefined) return out;
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined && !HOP_BY_HOP.has(k) && !isIdentityHeader(k)) out[k] = v;
  }
  return out;
}

/** True for a hop-by-hop header name (lower case). */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name);
}

/** Removes client-supplied identity headers: only the gateway may tell a backend who the user is. */
export function stripIdentityHeaders(headers: Record<string, unknown>): void {
  if (headers['x-uid'] !== undefined) delete headers['x-uid'];
  if (headers['x_uid'] !== undefined) delete headers['x_uid'];
}

/**
 * Removes the headers a client listed in `Connection:` (hop-by-hop by declaration, RFC 9110
 * §7.6.1) and the Connection header itself, before any plugin runs: so a client's Connection
 * tokens can never remove a header the gateway adds later (X-UID, X-Forwarded-For…).
 */
export function stripConnectionListed(headers: Record<string, unknown>): void {
  const connection = headers['connection'];
  if (typeof connection !== 'string') return;
  delete headers['connection'];
  if (connection === 'keep-alive' || connection === 'close') return;
  for (const token of connection.split(',')) {
    const name = token.trim().toLowerCase();
    if (name !== '') delete headers[name];
  }
}
