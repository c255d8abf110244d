import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The bench backend: a constant small JSON answer, as cheap as node:http allows. */
const body = Buffer.from(JSON.stringify({ ok: true, service: 'bench-backend' }));
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (m: { cmd?: string }) => {
  if (m.cmd === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.on('disconnect', () => process.exit(0));
