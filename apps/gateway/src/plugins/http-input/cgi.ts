import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Computes HTTPInput's CGI-style task keys on demand (REQUEST_METHOD, QUERY_STRING, HTTP_<HEADER>,
 * …) instead of writing them all for every request: most pipelines read two or three of them.
 */
export function cgiValues(req: IncomingMessage, path: string, params: Record<string, string>): (key: string) => unknown {
  return (key) => {
    const p = params[key];
    if (p !== undefined) return p;
    if (key.startsWith('HTTP_')) {
      const v = req.headers[key.slice(5).toLowerCase().replace(/_/g, '-')];
      return Array.isArray(v) ? v.join(', ') : v;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    switch (key) {
      case 'REQUEST_METHOD':
        return req.method;
      case 'REQUEST_URI':
        return url;
      case 'PATH_INFO':
        return path;
      case 'QUERY_STRING':
        return q < 0 ? '' : url.slice(q + 1);
      case 'REMOTE_ADDR':
        return req.socket.remoteAddress;
      case 'REMOTE_PORT':
        return String(req.socket.remotePort ?? '');
      case 'SERVER_NAME':
        return (req.headers.host ?? '').replace(/:\d+$/, '');
      case 'SERVER_PORT':
        return String(req.socket.localPort ?? '');
      case 'SERVER_PROTOCOL':
        return `HTTP/${req.httpVersion}`;
      case 'HTTPS':
        return (req.socket as TLSSocket).encrypted ? 'on' : 'off';
      case 'CONTENT_TYPE':
        return req.headers['content-type'] ?? '';
      case 'CONTENT_LENGTH':
        return req.headers['content-length'] ?? '';
      default:
        return undefined;
    }
  };
}
