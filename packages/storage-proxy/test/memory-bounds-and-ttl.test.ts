import { ManualClock } from '@gatehouse/foundation';
// MemoryStorage: LRU bounded by entries and by estimated bytes, TTL on an injected clock, and the
// stored object itself handed back (no decode, no copy).
import { EmptyObjectError, EncodeError, InvalidOptionsError, MemoryStorage, estimateBytes } from '../src';

describe('MemoryStorage', () => {
  test('returns the very object it stored (no decode, no copy)', async () => {
    const storage = new MemoryStorage<{ n: number }>();
    const value = { n: 1 };
    await storage.set('k', value);
    expect(await storage.get('k')).toBe(value);
    expect((await storage.multiGet(['k'])).get('k')).toBe(value);
  });

  test('evicts the least recently used entry beyond maxEntries', async () => {
    const storage = new MemoryStorage<string>({ maxEntries: 2 });
    await storage.set(1, 'a');
    await storage.set(2, 'b');
    await storage.get(1); // 1 is now the most recently used
    await storage.set(3, 'c');
    expect(storage.peek(1)).toBe('a');
    expect(storage.peek(2)).toBeUndefined();
    expect(storage.stats().entries).toBe(2);
  });

  test('evicts by estimated bytes beyond maxBytes', async () => {
    const big = 'x'.repeat(1000);
    const perEntry = estimateBytes(big);
    const storage = new MemoryStorage<string>({ maxBytes: perEntry * 3 + 10 });
    for (let i = 0; i < 5; i++) await storage.set(i, big);
    expect(storage.stats().entries).toBe(3);
    expect(storage.stats().bytes).toBeLessThanOrEqual(perEntry * 3 + 10);
    expect(storage.peek(0)).toBeUndefined();
    expect(storage.peek(4)).toBe(big);
  });

  test('a custom sizeOf decides the byte bound', async () => {
    const storage = new MemoryStorage<string>({ maxBytes: 10, sizeOf: () => 4 });
    for (let i = 0; i < 5; i++) await storage.set(i, 'v');
    expect(storage.stats()).toEqual({ entries: 2, bytes: 8 });
  });

  test('entries expire once more than ttlMs passed on the injected clock', async () => {
    const clock = new ManualClock(1_000);
    const storage = new MemoryStorage<string>({ ttlMs: 500, clock });
    await storage.set('k', 'v');
    clock.advance(500);
    expect(await storage.get('k')).toBe('v');
    clock.advance(1);
    await expect(storage.get('k')).rejects.toBeInstanceOf(EmptyObjectError);
    expect((await storage.multiGet(['k'])).size).toBe(0);
  });

  test('null and undefined cannot be stored (EncodeError); nothing of the batch is stored', async () => {
    const storage = new MemoryStorage<string | null>();
    await expect(storage.set(1, null)).rejects.toBeInstanceOf(EncodeError);
    await expect(storage.multiSet(new Map([[1, 'a'], [2, null]]))).rejects.toBeInstanceOf(EncodeError);
    expect(storage.peek(1)).toBeUndefined();
  });

  test('counters start at 0 and refuse a non-number value', async () => {
    const storage = new MemoryStorage<unknown>();
    expect(await storage.incr('c')).toBe(1);
    expect(await storage.decr('c', 5)).toBe(-4);
    await storage.set('s', 'text');
    await expect(storage.incr('s')).rejects.toBeInstanceOf(EncodeError);
  });

  test.each([{ maxEntries: 0 }, { maxBytes: -1 }, { ttlMs: Number.NaN }])('bad options %p are InvalidOptionsError', (options) => {
    expect(() => new MemoryStorage(options)).toThrow(InvalidOptionsError);
  });
});
