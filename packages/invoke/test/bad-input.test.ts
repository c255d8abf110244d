import { background, InvalidArgumentError, Invoker, UnknownBalancerError } from '../src';
import { staticResolver } from './servers';

const inv = new Invoker({ resolver: staticResolver([{ id: 'n', address: '127.0.0.1', port: 1, metadata: {} }]) });
afterAll(() => inv.close());

const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;

test.each([
  ['serviceName', '', '/x', {}, {}],
  ['method', 'svc', '', {}, {}],
  ['method', 'svc', '/a b', {}, {}],
  ['method', 'svc', '/a\r\nX-Evil: 1', {}, {}],
  ['httpMethod', 'svc', '/x', {}, { httpMethod: 'BREW' }],
  ['body', 'svc', '/x', { a: 1 }, { httpMethod: 'GET' }],
  ['body', 'svc', '/x', cyclic, {}],
  ['body', 'svc', '/x', { n: 10n }, {}],
  ['timeoutMs', 'svc', '/x', {}, { timeoutMs: 0 }],
  ['retries', 'svc', '/x', {}, { retries: -1 }],
  ['balance', 'svc', '/x', {}, { balance: { nope: true } }],
  ['decode', 'svc', '/x', {}, { decode: 'json' }],
])('invalid %s is rejected before anything is sent', async (field, service, method, body, opts) => {
  const err = (await inv.ddns(background, service, method, body, opts as never).catch((e: unknown) => e)) as InvalidArgumentError;
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect(err.code).toBe('INV_INVALID_ARGUMENT');
  expect(err.field).toBe(field);
});

test('null options and a non-numeric deadline are typed errors, not crashes', async () => {
  await expect(inv.ddns(background, 'svc', '/x', {}, null as never)).rejects.toMatchObject({ code: 'INV_INVALID_ARGUMENT', field: 'opts' });
  await expect(inv.ddns({ deadline: 'soon' as never }, 'svc', '/x', {})).rejects.toMatchObject({ field: 'ctx.deadline' });
  await expect(inv.ddns(null as never, 'svc', '/x', {}, { retries: 0 })).rejects.toMatchObject({ code: 'INV_CONNECT_FAILED' });
});

test('an unknown balancer name is INV_UNKNOWN_BALANCER', async () => {
  await expect(inv.ddns(background, 'svc', '/x', {}, { balance: 'fastest' as never })).rejects.toBeInstanceOf(UnknownBalancerError);
});

test('no resolver anywhere is INV_INVALID_ARGUMENT', async () => {
  const bare = new Invoker();
  await expect(bare.ddns(background, 'svc', '/x', {})).rejects.toMatchObject({ code: 'INV_INVALID_ARGUMENT', field: 'resolver' });
  await bare.close();
});
