// The capability checks generated code relies on, and the byte estimate behind maxBytes.
import { estimateBytes, isDeleteable, isKeyChangeable, isLeaseCapable, MemoryStorage } from '../src';
import { RedisStorage } from '../src/redis';

describe('capability detection', () => {
  test('isDeleteable finds doDelete on storages and entities, nothing else', () => {
    expect(isDeleteable({ doDelete: async () => undefined })).toBe(true);
    expect(isDeleteable(new MemoryStorage())).toBe(false);
    expect(isDeleteable({ doDelete: 'no' })).toBe(false);
    expect(isDeleteable(null)).toBe(false);
  });

  test('isKeyChangeable needs both isKeyChangeable and getKey', () => {
    expect(isKeyChangeable({ isKeyChangeable: () => true, getKey: () => 1 })).toBe(true);
    expect(isKeyChangeable({ isKeyChangeable: () => true })).toBe(false);
    expect(isKeyChangeable({ getKey: () => 1 })).toBe(false);
    expect(isKeyChangeable(7)).toBe(false);
  });

  test('RedisStorage is lease-capable, MemoryStorage is not', () => {
    const fakeClient = { pipeline: () => undefined } as never;
    expect(isLeaseCapable(new RedisStorage({ redis: fakeClient, prefix: 'p' }))).toBe(true);
    expect(isLeaseCapable(new MemoryStorage())).toBe(false);
  });
});

describe('estimateBytes', () => {
  test('grows with strings, arrays, maps and nested objects', () => {
    expect(estimateBytes('x'.repeat(100))).toBeGreaterThan(estimateBytes('x'));
    expect(estimateBytes([1, 2, 3, 4])).toBeGreaterThan(estimateBytes([1]));
    expect(estimateBytes(new Map([['a', 'b'.repeat(50)]]))).toBeGreaterThan(100);
    expect(estimateBytes({ a: { b: { c: 'd'.repeat(64) } } })).toBeGreaterThan(128);
    expect(estimateBytes(Buffer.alloc(1000))).toBeGreaterThanOrEqual(1000);
  });

  test('terminates on cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(Number.isFinite(estimateBytes(cyclic))).toBe(true);
  });
});
