import { createServer, type Server } from 'node:http';
import { Pool } from 'undici';

/**
 * Bench fixture, not product code: what bare Node reaches as a reverse proxy with no features —
 * node:http in, one keep-alive undici Pool out, headers and bodies passed through.
 */
export function startMinimalProxy(backend: string, port: number): Promise<Server> {
  const pool = new Pool(backend, { connections: 128 });
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    pool.request({ path: req.url ?? '/', method: req.method as 'GET', headers, body: req.method === 'GET' ? null : req }).then(
      (up) => {
        const out = { ...up.headers };
        delete out['connection'];
        delete out['keep-alive'];
        res.writeHead(up.statusCode, out as Record<string, string>);
        up.body.pipe(res);
      },
      () => {
        res.statusCode = 502;
        res.end();
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
