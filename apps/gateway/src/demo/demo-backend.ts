import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where the demo backend listens. */
export interface DemoBackendOptions {
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 18080 */
  port?: number;
}

/** A running demo backend. */
export interface DemoBackend {
  /** e.g. `http://127.0.0.1:18080` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Longest `/slow` delay, so a typo cannot park a connection for hours. @default 60 s */
const MAX_SLOW_MS = 60_000;
/** Request bodies the echo keeps in full; longer ones are counted, not echoed. @default 64 KiB */
const ECHO_BODY_LIMIT = 64 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Answers one request:
 * - `…/slow?ms=N` waits N ms (default 2000) before echoing — to see timeouts;
 * - `…/status/{code}` answers with that status — to see `expected_response_codes`;
 * (matched at the end of the path, so `/api/status/503` works through a prefixing route);
 * - anything else echoes `{method, path, query, headers, body, body_bytes}` as JSON.
 */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://backend.invalid');
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= ECHO_BODY_LIMIT) chunks.push(c);
  });
  req.on('end', () => {
    const status = /\/status\/([1-5]\d\d)$/.exec(url.pathname);
    if (status) {
      sendJson(res, Number(status[1]), { status: Number(status[1]) });
      return;
    }
    const echo = {
      method: req.method,
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
      body: size <= ECHO_BODY_LIMIT ? Buffer.concat(chunks).toString('utf8') : null,
      body_bytes: size,
    };
    if (url.pathname === '/slow' || url.pathname.endsWith('/slow')) {
      const ms = Math.min(
        Math.max(Number(url.searchParams.get('ms') ?? 2000) || 0, 0),
        MAX_SLOW_MS,
      );
      const timer = setTimeout(() => sendJson(res, 200, { ...echo, waited_ms: ms }), ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    sendJson(res, 200, echo);
  });
}

/** Starts the demo backend: a small `node:http` echo server the demo config proxies to. */
export function startDemoBackend(opts: DemoBackendOptions = {}): Promise<DemoBackend> {
  const server: Server = createServer(handle);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 18080, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      resolve({
        url: `http://${addr.address}:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
