import { ManualClock } from '@gatehouse/foundation';
import { registryResolver, ResolveFailedError, type Service } from '../src';

const svc = (version: string, ids: string[]): Service => ({
  name: 'users',
  version,
  metadata: {},
  endpoints: [{ name: 'users.get' }],
  nodes: ids.map((id, i) => ({ id, address: '127.0.0.1', port: 9000 + i, metadata: {} })),
});

function fakeRegistry(answer: () => Promise<Service[]>): { getService: jest.Mock } {
  return { getService: jest.fn(answer) };
}

test('flattens every version’s nodes', async () => {
  const reg = fakeRegistry(() => Promise.resolve([svc('1.0', ['a', 'b']), svc('2.0', ['c'])]));
  const r = registryResolver(reg);
  const { nodes, stale } = await r.resolve('users');
  expect(nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
  expect(stale).toBe(false);
});

test('caches for cacheTtlMs (same array object), then asks again', async () => {
  const clock = new ManualClock();
  const reg = fakeRegistry(() => Promise.resolve([svc('1', ['a'])]));
  const r = registryResolver(reg, { cacheTtlMs: 1000, clock });
  const first = await r.resolve('users');
  clock.advance(999);
  expect((await r.resolve('users')).nodes).toBe(first.nodes);
  expect(reg.getService).toHaveBeenCalledTimes(1);
  clock.advance(1);
  await r.resolve('users');
  expect(reg.getService).toHaveBeenCalledTimes(2);
});

test('concurrent misses share one registry lookup', async () => {
  const reg = fakeRegistry(() => new Promise((r) => setTimeout(() => r([svc('1', ['a'])]), 20)));
  const r = registryResolver(reg);
  await Promise.all([r.resolve('users'), r.resolve('users'), r.resolve('users')]);
  expect(reg.getService).toHaveBeenCalledTimes(1);
});

test('a registry error with nothing cached → ResolveFailedError with the cause', async () => {
  const cause = new Error('consul unreachable');
  const r = registryResolver(fakeRegistry(() => Promise.reject(cause)));
  const err = (await r.resolve('users').catch((e: unknown) => e)) as ResolveFailedError;
  expect(err).toBeInstanceOf(ResolveFailedError);
  expect(err.code).toBe('INV_RESOLVE_FAILED');
  expect(err.cause).toBe(cause);
});

test('a registry error after expiry serves the last answer marked stale', async () => {
  const clock = new ManualClock();
  let up = true;
  const reg = fakeRegistry(() => (up ? Promise.resolve([svc('1', ['a'])]) : Promise.reject(new Error('down'))));
  const r = registryResolver(reg, { cacheTtlMs: 100, clock });
  await r.resolve('users');
  up = false;
  clock.advance(500);
  const res = await r.resolve('users');
  expect(res.stale).toBe(true);
  expect(res.nodes.map((n) => n.id)).toEqual(['a']);
});

test('a malformed registry answer is rejected, not passed on', async () => {
  const r = registryResolver(fakeRegistry(() => Promise.resolve([{ name: 'x', nodes: [{ id: 'a', address: 'h', port: 0 }] }] as never)));
  await expect(r.resolve('users')).rejects.toBeInstanceOf(ResolveFailedError);
  expect(() => registryResolver({} as never)).toThrow(/registry/);
});
