import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Node, Resolution, Resolver } from '../src';

export interface TestServer {
  port: number;
  node: Node;
  /** Requests seen, in order. */
  seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void | Promise<void>;

/** A real node:http server on 127.0.0.1 and an ephemeral port. */
export async function startServer(id: string, handler: Handler): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      void handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    node: { id, address: '127.0.0.1', port, metadata: {} },
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Replies with JSON. */
export function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A port on 127.0.0.1 that refuses connections (a server opened then closed). */
export async function refusedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A resolver with a fixed node list. */
export function staticResolver(nodes: Node[]): Resolver {
  const answer: Resolution = { nodes, stale: false };
  return { resolve: () => Promise.resolve(answer) };
}

export const nodeAt = (id: string, port: number): Node => ({ id, address: '127.0.0.1', port, metadata: {} });
