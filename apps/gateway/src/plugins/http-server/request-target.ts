import type { IncomingMessage } from 'node:http';

/** What to do with escaped slashes (`%2F`) in a path (Envoy's `path_with_escaped_slashes_action`). */
export type EscapedSlashPolicy = 'reject' | 'keep' | 'unescape_and_redirect';

/** The outcome of normalising a request path. */
export type PathVerdict =
  | { readonly kind: 'ok'; readonly path: string }
  | { readonly kind: 'redirect'; readonly path: string }
  | { readonly kind: 'reject'; readonly message: string };

/** Paths with none of these characters are already normal (the common case costs one test). */
const NEEDS_WORK = /[%\\]|\/\.|\/\//;
const BACKSLASH = /\\|%5c/i;
const ESCAPED_SLASH = /%2f/i;
const ENCODED_DOT = /%2e/gi;

/**
 * Normalises a request path before routing, so the route the gateway picks and the resource the
 * backend serves are the same one (RFC 3986 §5.2.4, Envoy `normalize_path` + `merge_slashes`):
 * backslashes (raw or `%5C`) are refused; escaped slashes (`%2F`) follow `policy`; `.` and `..`
 * segments, also percent-encoded, are resolved, and `..` above the root or glued to a `;`
 * parameter is refused; with `mergeSlashes`, `//` becomes `/`. Other escapes (`%252F` included)
 * are left as they are: the gateway never decodes twice, and neither should a backend.
 */
export function normalizePath(path: string, policy: EscapedSlashPolicy, mergeSlashes: boolean): PathVerdict {
  if (!NEEDS_WORK.test(path)) return { kind: 'ok', path };
  if (BACKSLASH.test(path)) return { kind: 'reject', message: 'the request path must not contain a backslash (raw or %5C)' };
  let p = path;
  let redirect = false;
  if (ESCAPED_SLASH.test(p)) {
    if (policy === 'reject') return { kind: 'reject', message: 'the request path must not contain an escaped slash (%2F)' };
    if (policy === 'unescape_and_redirect') {
      p = p.replace(/%2f/gi, '/');
      redirect = true;
    }
  }
  const segments = p.split('/');
  const out: string[] = [''];
  const last = segments.length - 1;
  for (let i = 1; i <= last; i++) {
    const seg = segments[i]!;
    const dots = seg.includes('%') ? seg.replace(ENCODED_DOT, '.') : seg;
    const bare = dots.includes(';') ? dots.slice(0, dots.indexOf(';')) : dots;
    if ((bare === '.' || bare === '..') && bare !== dots) {
      return { kind: 'reject', message: 'the request path must not contain "." or ".." segments with ";" parameters' };
    }
    if (dots === '.' || dots === '..') {
      if (dots === '..') {
        if (out.length <= 1) return { kind: 'reject', message: 'the request path must not climb above the root with ".."' };
        out.pop();
      }
      if (i === last) out.push('');
      continue;
    }
    if (seg === '' && mergeSlashes && i !== last) continue;
    out.push(seg);
  }
  const normal = out.length === 1 ? '/' : out.join('/');
  if (redirect) return { kind: 'redirect', path: normal };
  return { kind: 'ok', path: normal };
}

/** Host header values: reg-name or IPv4 (RFC 3986 §3.2.2 characters) or an IP literal, optional port. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::[0-9]{1,5})?$/;

/** True for a syntactically valid Host value (RFC 9110 §7.2). */
export function isValidHost(host: string): boolean {
  return host.length <= 1024 && HOST.test(host);
}

/** The problem with a request's head the server answers itself, or undefined when it is fine. */
export interface HeadProblem {
  status: 400 | 431;
  code: 'GW_BAD_REQUEST' | 'GW_HEADERS_TOO_LARGE';
  message: string;
}

/**
 * Checks what node:http lets through but a front door must not (RFC 9112): a version-less
 * (HTTP/0.9) request line, more than `maxHeaders` header lines, a missing (HTTP/1.1), repeated
 * or malformed Host. An absolute-form target (`GET http://host/p`) is turned into origin form and
 * its authority replaces Host (RFC 9112 §3.2.2).
 */
export function checkHead(req: IncomingMessage, maxHeaders: number): HeadProblem | undefined {
  if (req.httpVersionMajor !== 1) return { status: 400, code: 'GW_BAD_REQUEST', message: 'the request line needs HTTP/1.0 or HTTP/1.1' };
  const raw = req.rawHeaders;
  if (raw.length > maxHeaders * 2) {
    return { status: 431, code: 'GW_HEADERS_TOO_LARGE', message: `the request has more than ${maxHeaders} header fields` };
  }
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') hosts++;
  }
  if (hosts > 1) return { status: 400, code: 'GW_BAD_REQUEST', message: 'the request has more than one Host header' };
  const url = req.url ?? '/';
  if (url.charCodeAt(0) !== 47 && /^https?:\/\//i.test(url)) {
    const afterScheme = url.indexOf('//') + 2;
    let end = afterScheme;
    while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
    const authority = url.slice(afterScheme, end);
    if (!isValidHost(authority) || authority.includes('@')) {
      return { status: 400, code: 'GW_BAD_REQUEST', message: 'the absolute request target has an invalid authority' };
    }
    req.headers.host = authority;
    const rest = url.slice(end);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    return undefined;
  }
  const host = req.headers.host;
  if (host === undefined) {
    return req.httpVersionMinor >= 1 ? { status: 400, code: 'GW_BAD_REQUEST', message: 'the request has no Host header' } : undefined;
  }
  if (!isValidHost(host)) return { status: 400, code: 'GW_BAD_REQUEST', message: 'the Host header is not a valid host' };
  return undefined;
}
