import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors';
import { isValidHost } from '../../plugins/http-server/request-target';

/** Host names that always mean "this machine". */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** What the admin plane's request policy needs to know about how it is exposed. */
export interface RequestPolicyOptions {
  /** True when an API key protects the admin routes (then any Host is accepted). */
  readonly keyed: boolean;
  /** The address the admin plane is bound to, once listening (accepted as Host too). */
  boundHost(): string | undefined;
}

/** The host part of a Host value, lower case, without the port. */
function hostName(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/**
 * Refuses requests a browser could be tricked into sending (checked before routing and before the
 * API key, so a refused request never reads a body):
 * - a missing (HTTP/1.1) or malformed Host: 400;
 * - without an API key, a Host other than a loopback name or the bound address: 403 (a DNS
 *   rebinding page reaches 127.0.0.1 under its own name);
 * - an `Origin` (or `Sec-Fetch-Site: cross-site`) from another site: 403;
 * - a POST/PUT/PATCH whose Content-Type is not `application/json`: 415 (forms and `text/plain`
 *   are what a cross-site page can send without a preflight).
 */
export function requestPolicy(opts: RequestPolicyOptions): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const problem = check(req, opts);
    if (problem === undefined) {
      next();
      return;
    }
    const body = JSON.stringify(problem.toJSON());
    res.writeHead(problem.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
    req.resume();
  };
}

function check(req: IncomingMessage, opts: RequestPolicyOptions): GatewayError | undefined {
  const host = req.headers.host;
  if (host === undefined) {
    return req.httpVersionMinor >= 1 ? new GatewayError('GW_BAD_REQUEST', 'the request has no Host header', { field: 'host' }) : undefined;
  }
  if (!isValidHost(host)) return new GatewayError('GW_BAD_REQUEST', 'the Host header is not a valid host', { field: 'host' });
  const name = hostName(host);
  if (!opts.keyed && !LOOPBACK_HOSTS.has(name) && name !== opts.boundHost()) {
    return new GatewayError('GW_FORBIDDEN', `host ${name} is not this admin plane's address; without an API key only loopback names are served`, {
      field: 'host',
    });
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, host)) {
    return new GatewayError('GW_FORBIDDEN', 'cross-site requests to the admin plane are refused', { field: 'origin' });
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    return new GatewayError('GW_FORBIDDEN', 'cross-site requests to the admin plane are refused', { field: 'sec-fetch-site' });
  }
  if (WRITES.has(req.method ?? '') && !isJson(req.headers['content-type'])) {
    return new GatewayError('GW_UNSUPPORTED_MEDIA_TYPE', 'admin writes need "Content-Type: application/json"', { field: 'content-type' });
  }
  return undefined;
}

/** True when `origin` (scheme://host[:port]) names the same host and port the request was sent to. */
function sameOrigin(origin: string, host: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" and garbage are nobody's origin
  }
  return url.host.toLowerCase() === host.toLowerCase();
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() === 'application/json';
}
