// With a breaker, a call the breaker times out is cancelled: its request is aborted and its socket
// closed, so its concurrency slot frees at once. Before, 50 timed-out calls left 50 sockets open.
import { createServer, type Server, type Socket } from 'node:net';
import { BreakerRegistry, CommandTimeoutError } from '@gatehouse/breaker';
import { ManualClock } from '@gatehouse/foundation';
import { background, Invoker } from '../src';
import { staticResolver } from './servers';

let server: Server;
const open = new Set<Socket>();
let port = 0;
beforeAll(async () => {
  // A backend that reads requests and never answers. `open` holds the sockets that carry a
  // request (undici may open an idle spare connection after a socket is destroyed: not counted).
  server = createServer((socket) => {
    socket.on('data', () => open.add(socket));
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of open) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('50 calls timed out by the breaker leave no request socket open and no slot held', async () => {
  const clock = new ManualClock();
  const registry = new BreakerRegistry({ clock });
  const inv = new Invoker({ resolver: staticResolver([{ id: 'hang', address: '127.0.0.1', port, metadata: {} }]), pools: { connections: 64 } });
  const breaker = { registry, settings: { timeoutMs: 100, maxConcurrent: 50, requestVolumeThreshold: 1000 } };
  const calls = [...Array(50)].map(() => inv.ddns(background, 'hang', '/x', {}, { breaker, timeoutMs: 60_000, retries: 0 }).catch((e: unknown) => e));
  for (let i = 0; i < 1000 && open.size < 50; i++) await new Promise((r) => setTimeout(r, 5));
  expect(open.size).toBe(50);
  await clock.advanceAsync(100);
  const errors = await Promise.all(calls);
  expect(errors.every((e) => e instanceof CommandTimeoutError)).toBe(true);
  for (let i = 0; i < 1000 && open.size > 0; i++) await new Promise((r) => setTimeout(r, 5));
  expect(open.size).toBe(0);
  for (let i = 0; i < 100 && registry.get('invoke:hang')!.inFlight > 0; i++) await clock.advanceAsync(0);
  expect(registry.get('invoke:hang')!.inFlight).toBe(0);
  registry.shutdown();
  await inv.close();
});
