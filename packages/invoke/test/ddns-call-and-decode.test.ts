import { background, ddns, defaultInvoker, Invoker, type Node } from '../src';
import { json, startServer, staticResolver, type TestServer } from './servers';

let a: TestServer;
let b: TestServer;
let invoker: Invoker;
beforeAll(async () => {
  const handler = (id: string) => (req: { url?: string }, body: string, res: Parameters<typeof json>[0]) => {
    if (req.url === '/empty') {
      res.writeHead(204).end();
      return;
    }
    json(res, 200, { served: id, echo: body.length ? JSON.parse(body) : null, url: req.url });
  };
  a = await startServer('a', handler('a'));
  b = await startServer('b', handler('b'));
  invoker = new Invoker({ resolver: staticResolver([a.node, b.node]) });
});
afterAll(async () => {
  await invoker.close();
  await defaultInvoker.close();
  await Promise.all([a.close(), b.close()]);
});

interface Echo {
  served: string;
  echo: unknown;
  url: string;
}

test('POSTs the JSON body to the endpoint path and decodes the answer', async () => {
  const out = await invoker.ddns<Echo>(background, 'users', '/users.get', { id: 42 }, { headers: { 'x-trace': 't1' } });
  expect(out.echo).toEqual({ id: 42 });
  expect(out.url).toBe('/users.get');
  const req = [...a.seen, ...b.seen].at(-1)!;
  expect(req.method).toBe('POST');
  expect(req.headers['content-type']).toBe('application/json');
  expect(req.headers['x-trace']).toBe('t1');
});

test('a method without a leading slash is the same endpoint path', async () => {
  const out = await invoker.ddns<Echo>(background, 'users', 'users.get', {});
  expect(out.url).toBe('/users.get');
});

test('round-robin by default: consecutive calls alternate instances', async () => {
  const served = [];
  for (let i = 0; i < 4; i++) served.push((await invoker.ddns<Echo>(background, 'rr-svc', '/x', {})).served);
  expect(served).toEqual(['a', 'b', 'a', 'b']);
});

test('GET with no body, HTTP paths with a query, and 204 decoding to undefined', async () => {
  const out = await invoker.ddns<Echo>(background, 'users', '/v1/users?id=7', undefined, { httpMethod: 'GET' });
  expect(out.echo).toBeNull();
  expect(out.url).toBe('/v1/users?id=7');
  await expect(invoker.ddns(background, 'users', '/empty', {})).resolves.toBeUndefined();
});

test('decode turns the JSON into the typed result', async () => {
  const decode = (v: unknown): { who: string } => ({ who: (v as Echo).served.toUpperCase() });
  const out = await invoker.ddns(background, 'users', '/x', {}, { decode, balance: 'hash', key: 'same-user' });
  expect(['A', 'B']).toContain(out.who);
});

test('hash balance keeps one key on one instance', async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) seen.add((await invoker.ddns<Echo>(background, 'users', '/x', {}, { balance: 'hash', key: 'u-9' })).served);
  expect(seen.size).toBe(1);
});

test('the module-level ddns() works with a resolver passed per call, over keep-alive pools', async () => {
  const nodes: Node[] = [a.node];
  const before = a.seen.length;
  const out = await ddns<Echo>(background, 'users', '/one', { n: 1 }, { resolver: staticResolver(nodes) });
  await ddns<Echo>(background, 'users', '/two', { n: 2 }, { resolver: staticResolver(nodes) });
  expect(out.served).toBe('a');
  expect(a.seen.length - before).toBe(2);
  // Both requests went over the same kept-alive connection.
  expect(a.seen.at(-1)!.headers.connection).not.toBe('close');
});
