/**
 * The loopback service the ddns bench calls, run in a child process so that the parent's CPU
 * time is the client's alone. Answers every request with a small JSON document and prints its
 * port on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const reply = JSON.stringify({ id: 42, name: 'Ada', roles: ['admin', 'dev'], active: true });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => server.close(() => process.exit(0)));
