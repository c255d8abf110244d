import { background, type Balancer, type CallOutcome, Invoker, leastInFlightBalancer, type Node, TransportError } from '../src';
import { json, startServer, staticResolver, type TestServer } from './servers';

let ok: TestServer;
let five: TestServer;
let four: TestServer;
let reset: TestServer;
beforeAll(async () => {
  ok = await startServer('ok', (_r, _b, res) => json(res, 200, { from: 'ok' }));
  five = await startServer('five', (_r, _b, res) => json(res, 500, { message: 'down' }));
  four = await startServer('four', (_r, _b, res) => json(res, 404, { message: 'nope' }));
  reset = await startServer('reset', (req) => void req.socket.destroy());
});
afterAll(() => Promise.all([ok, five, four, reset].map((s) => s.close())));

/** A balancer that always picks the first node and records begin/end. */
function spy(): Balancer & { log: string[] } {
  const log: string[] = [];
  return {
    kind: 'spy',
    log,
    pick: (nodes: readonly Node[]) => nodes[0]!,
    begin: (n: Node) => void log.push(`begin ${n.id}`),
    end: (n: Node, o: CallOutcome) => {
      expect(o.latencyMs).toBeGreaterThanOrEqual(0);
      log.push(`end ${n.id} ${o.ok ? 'ok' : 'bad'}`);
    },
  };
}

test('ddns reports each attempt to load-aware balancers; only node faults count as bad', async () => {
  const b = spy();
  const inv = new Invoker({ resolver: staticResolver([five.node, ok.node]) });
  await inv.ddns(background, 'svc', '/x', undefined, { httpMethod: 'GET', balance: b });
  await inv.ddns(background, 'svc', '/x', {}, { balance: b, resolver: staticResolver([four.node]) }).catch(() => undefined);
  expect(b.log).toEqual(['begin five', 'end five bad', 'begin ok', 'end ok ok', 'begin four', 'end four ok']);
  await inv.close();
});

test('in-flight counts return to zero after calls, so least-in-flight keeps spreading', async () => {
  const b = leastInFlightBalancer();
  const inv = new Invoker({ resolver: staticResolver([ok.node]) });
  await Promise.all(Array.from({ length: 5 }, () => inv.ddns(background, 'svc', '/x', {}, { balance: b })));
  const other: Node = { id: 'other', address: '127.0.0.1', port: 1, metadata: {} };
  // With ok's count back at 0, a tie: both nodes are picked over two calls.
  expect(new Set([b.pick([ok.node, other]).id, b.pick([ok.node, other]).id])).toEqual(new Set(['ok', 'other']));
  await inv.close();
});

test('a connection reset mid-request: GET is retried elsewhere, POST surfaces TransportError', async () => {
  const inv = new Invoker({ resolver: staticResolver([reset.node, ok.node]) });
  await expect(inv.ddns(background, 'svc', '/x', undefined, { httpMethod: 'GET' })).resolves.toEqual({ from: 'ok' });
  const inv2 = new Invoker({ resolver: staticResolver([reset.node, ok.node]) });
  const err = (await inv2.ddns(background, 'svc', '/x', { a: 1 }).catch((e: unknown) => e)) as TransportError;
  expect(err).toBeInstanceOf(TransportError);
  expect(err.code).toBe('INV_TRANSPORT');
  await Promise.all([inv.close(), inv2.close()]);
});
