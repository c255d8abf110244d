import { BreakerRegistry, CircuitOpenError } from '@gatehouse/breaker';
import { background, ClientError, Invoker, ServerError } from '../src';
import { json, startServer, staticResolver, type TestServer } from './servers';

let s: TestServer;
let registry: BreakerRegistry;
let inv: Invoker;
beforeAll(async () => {
  s = await startServer('s', (req, _b, res) => (req.url === '/bad-request' ? json(res, 400, { message: 'no' }) : json(res, 500, { message: 'down' })));
});
beforeEach(() => {
  registry = new BreakerRegistry();
  inv = new Invoker({ resolver: staticResolver([s.node]) });
});
afterEach(async () => {
  registry.shutdown();
  await inv.close();
});
afterAll(() => s.close());

const settings = { requestVolumeThreshold: 3, errorPercentThreshold: 50 };

test('a per-service breaker opens on 5xx and then short-circuits without calling', async () => {
  for (let i = 0; i < 3; i++) {
    await expect(inv.ddns(background, 'pay', '/x', {}, { breaker: { registry, settings } })).rejects.toBeInstanceOf(ServerError);
  }
  expect(registry.get('invoke:pay')!.state).toBe('OPEN');
  const before = s.seen.length;
  await expect(inv.ddns(background, 'pay', '/x', {}, { breaker: { registry, settings } })).rejects.toBeInstanceOf(CircuitOpenError);
  expect(s.seen.length).toBe(before);
});

test('4xx answers do not count against the breaker', async () => {
  for (let i = 0; i < 6; i++) {
    await expect(inv.ddns(background, 'acct', '/bad-request', {}, { breaker: { registry, settings } })).rejects.toBeInstanceOf(ClientError);
  }
  expect(registry.get('invoke:acct')!.state).toBe('CLOSED');
  expect(registry.get('invoke:acct')!.metrics().failures).toBe(0);
});

test('breakers are per service', async () => {
  for (let i = 0; i < 3; i++) await inv.ddns(background, 'one', '/x', {}, { breaker: { registry, settings } }).catch(() => undefined);
  expect(registry.get('invoke:one')!.state).toBe('OPEN');
  await expect(inv.ddns(background, 'two', '/x', {}, { breaker: { registry, settings } })).rejects.toBeInstanceOf(ServerError);
});
