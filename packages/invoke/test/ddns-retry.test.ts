import { background, ConnectFailedError, Invoker, NoInstancesError, ServerError } from '../src';
import { json, nodeAt, refusedPort, startServer, staticResolver, type TestServer } from './servers';

let good: TestServer;
let bad: TestServer;
let deadPort: number;
beforeAll(async () => {
  good = await startServer('good', (_r, _b, res) => json(res, 200, { from: 'good' }));
  bad = await startServer('bad', (_r, _b, res) => json(res, 503, { code: 'UNAVAILABLE', message: 'overloaded' }));
  deadPort = await refusedPort();
});
afterAll(async () => {
  await Promise.all([good.close(), bad.close()]);
});

const invokers: Invoker[] = [];
afterEach(async () => {
  await Promise.all(invokers.splice(0).map((i) => i.close()));
});
const make = (...nodes: Parameters<typeof staticResolver>[0]): Invoker => {
  const inv = new Invoker({ resolver: staticResolver(nodes) });
  invokers.push(inv);
  return inv;
};

test('an instance that refuses connections is skipped on retry, even for POST', async () => {
  const inv = make(nodeAt('dead', deadPort), good.node);
  const before = good.seen.length;
  // round-robin starts at the dead node
  await expect(inv.ddns(background, 'svc', '/create', { x: 1 })).resolves.toEqual({ from: 'good' });
  expect(good.seen.length - before).toBe(1);
});

test('with retries 0 the connect failure surfaces as ConnectFailedError', async () => {
  const inv = make(nodeAt('dead', deadPort));
  const err = (await inv.ddns(background, 'svc', '/x', {}, { retries: 0 }).catch((e: unknown) => e)) as ConnectFailedError;
  expect(err).toBeInstanceOf(ConnectFailedError);
  expect(err.code).toBe('INV_CONNECT_FAILED');
  expect(err.instance).toBe(`127.0.0.1:${deadPort}`);
});

test('a POST answered 5xx is not retried (it may have had effects)', async () => {
  const inv = make(bad.node, good.node);
  const before = bad.seen.length + good.seen.length;
  await expect(inv.ddns(background, 'svc', '/pay', { amount: 5 })).rejects.toBeInstanceOf(ServerError);
  expect(bad.seen.length + good.seen.length - before).toBe(1);
});

test('an idempotent call (GET, or idempotent: true) is retried on a different node', async () => {
  const inv = make(bad.node, good.node);
  await expect(inv.ddns(background, 'svc', '/read', undefined, { httpMethod: 'GET' })).resolves.toEqual({ from: 'good' });
  const inv2 = make(bad.node, good.node);
  await expect(inv2.ddns(background, 'svc', '/upsert', {}, { idempotent: true })).resolves.toEqual({ from: 'good' });
});

test('retries never reuse a node: with every node failing, the last error is thrown after one try each', async () => {
  const inv = make(bad.node);
  const before = bad.seen.length;
  await expect(inv.ddns(background, 'svc', '/read', undefined, { httpMethod: 'GET', retries: 5 })).rejects.toBeInstanceOf(ServerError);
  expect(bad.seen.length - before).toBe(1);
});

test('4xx is never retried', async () => {
  const four = await startServer('four', (_r, _b, res) => json(res, 400, { code: 'BAD', message: 'bad id' }));
  const inv = make(four.node, good.node);
  const before = good.seen.length;
  await expect(inv.ddns(background, 'svc', '/get', undefined, { httpMethod: 'GET', retries: 3 })).rejects.toMatchObject({
    code: 'INV_CLIENT_ERROR',
  });
  expect(good.seen.length).toBe(before);
  await four.close();
});

test('no instances → NoInstancesError naming the service', async () => {
  const inv = make();
  const err = (await inv.ddns(background, 'ghost', '/x', {}).catch((e: unknown) => e)) as NoInstancesError;
  expect(err).toBeInstanceOf(NoInstancesError);
  expect(err.code).toBe('INV_NO_INSTANCES');
  expect(err.message).toContain('ghost');
  expect(err.service).toBe('ghost');
});
