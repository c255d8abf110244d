// The page server: plain node:http, one route per variant, identical response framing.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Variant } from './setup';

/** A running page server. */
export interface PageServer {
  port: number;
  /** Requests that failed with 500 since start. */
  errors(): number;
  close(): Promise<void>;
}

/** Serves every variant on 127.0.0.1:`port` (0 picks a free port). */
export async function startPageServer(variants: readonly Variant[], port = 0): Promise<PageServer> {
  const routes = new Map(variants.map((v) => [v.route, v]));
  let failures = 0;
  const send = (res: ServerResponse, status: number, body: string | Buffer): void => {
    // Encode once: Buffer.byteLength plus end(string) would walk a 10 KB string twice.
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const variant = routes.get(req.url ?? '');
    if (variant === undefined) return send(res, 404, '{"error":"no such variant"}');
    variant.render().then(
      (body) => send(res, 200, body),
      (err: unknown) => {
        failures++;
        send(res, 500, JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
      },
    );
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    errors: () => failures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
