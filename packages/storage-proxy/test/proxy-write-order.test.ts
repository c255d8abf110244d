// §5.3 writes: set/multiSet cache then DB; delete DB then cache; incr/decr cache then DB returning
// the DB's value. A database write that fails leaves nothing in the cache.
import { StorageFailureError, StorageProxy, UnsupportedOperationError, MemoryStorage, type Storage } from '../src';
import { pair } from './recording-storage';

describe('StorageProxy writes', () => {
  test('set writes the cache, then the database', async () => {
    const { log, cache, db } = pair<string>();
    await new StorageProxy(cache, db).set(1, 'v');
    expect(log).toEqual(['cache.set(1)', 'db.set(1)']);
    expect(cache.inner.peek(1)).toBe('v');
    expect(db.inner.peek(1)).toBe('v');
  });

  test('set of null or undefined is a no-op', async () => {
    const { log, cache, db } = pair<string | null>();
    const proxy = new StorageProxy(cache, db);
    await proxy.set(1, null);
    await proxy.set(2, undefined as unknown as string);
    expect(log).toEqual([]);
  });

  test('a failed database set is returned and the cache entry is evicted', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'old');
    db.failing.add('set');
    db.failure = new StorageFailureError('set', new Error('disk full'));
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.set(1, 'new')).rejects.toBe(db.failure);
    expect(log).toEqual(['cache.set(1)', 'db.set(1)', 'cache.delete([1])']);
    expect(cache.inner.peek(1)).toBeUndefined();
  });

  test('multiSet writes the cache, then the database; a database failure evicts every key', async () => {
    const { log, cache, db } = pair<string>();
    const proxy = new StorageProxy(cache, db);
    await proxy.multiSet(new Map([[1, 'a'], [2, 'b']]));
    expect(log).toEqual(['cache.multiSet([1,2])', 'db.multiSet([1,2])']);
    db.failing.add('multiSet');
    await expect(proxy.multiSet(new Map([[3, 'c'], [4, 'd']]))).rejects.toBe(db.failure);
    expect(cache.inner.peek(3)).toBeUndefined();
    expect(cache.inner.peek(4)).toBeUndefined();
  });

  test('delete removes from the database first, then the cache', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'v');
    await db.inner.set(1, 'v');
    await new StorageProxy(cache, db).delete(1, 2);
    expect(log).toEqual(['db.delete([1,2])', 'cache.delete([1,2])']);
    expect(cache.inner.peek(1)).toBeUndefined();
  });

  test('a failed database delete leaves the cache untouched', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'v');
    db.failing.add('delete');
    await expect(new StorageProxy(cache, db).delete(1)).rejects.toBe(db.failure);
    expect(log).toEqual(['db.delete([1])']);
    expect(cache.inner.peek(1)).toBe('v');
  });

  test("incr and decr go to the cache, then the database, and resolve with the database's value", async () => {
    const { log, cache, db } = pair<number>();
    await db.inner.set('n', 40);
    const proxy = new StorageProxy(cache, db);
    expect(await proxy.incr('n', 3)).toBe(43);
    expect(await proxy.decr('n')).toBe(42);
    expect(log).toEqual(['cache.incr("n")', 'db.incr("n")', 'cache.decr("n")', 'db.decr("n")']);
    expect(cache.inner.peek('n')).toBe(2);
  });

  test('incr on a storage without counters is UnsupportedOperationError', async () => {
    const noCounters: Storage<number> = {
      get: (k) => new MemoryStorage<number>().get(k),
      set: async () => undefined,
      add: async (k) => k ?? 0,
      multiGet: async () => new Map(),
      multiSet: async () => undefined,
      delete: async () => undefined,
    };
    await expect(new StorageProxy(new MemoryStorage<number>(), noCounters).incr('n')).rejects.toBeInstanceOf(UnsupportedOperationError);
  });
});
