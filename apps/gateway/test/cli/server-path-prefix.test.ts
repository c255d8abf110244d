import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminClient } from '../../src/cli/admin-client';

/** A gateway published behind a path prefix (a reverse proxy's /gw/) keeps that prefix. */
describe('gatehouse --server with a path prefix', () => {
  let server: Server;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"plugins":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each(['/gw', '/gw/'])('sends /admin/v1/plugins under %s', async (prefix) => {
    const port = (server.address() as AddressInfo).port;
    const client = new AdminClient({ server: `http://127.0.0.1:${port}${prefix}`, timeoutSec: 5 });
    await client.call('GET', '/admin/v1/plugins');
    expect(seen.at(-1)).toBe('/gw/admin/v1/plugins');
  });
});
