// Writes invalidate the cache before the database and fill it after (README "Writes and cache
// outages"): set/multiSet delete in the cache, write the DB, then write the cache; delete and
// incr/decr delete in the cache, then write the DB, and leave the key to the next read's
// backfill. A database write that fails leaves nothing in the cache.
import { StorageFailureError, StorageProxy, UnsupportedOperationError, MemoryStorage, type Storage } from '../src';
import { pair } from './recording-storage';

describe('StorageProxy writes', () => {
  test('set invalidates the cache, writes the database, then the cache', async () => {
    const { log, cache, db } = pair<string>();
    await new StorageProxy(cache, db).set(1, 'v');
    expect(log).toEqual(['cache.delete([1])', 'db.set(1)', 'cache.set(1)']);
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

  test('a failed database set is returned and the cache keeps no entry', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'old');
    db.failing.add('set');
    db.failure = new StorageFailureError('set', new Error('disk full'));
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.set(1, 'new')).rejects.toBe(db.failure);
    expect(log).toEqual(['cache.delete([1])', 'db.set(1)', 'cache.delete([1])']);
    expect(cache.inner.peek(1)).toBeUndefined();
  });

  test('multiSet invalidates, writes the database, then the cache; a database failure leaves no key cached', async () => {
    const { log, cache, db } = pair<string>();
    const proxy = new StorageProxy(cache, db);
    await proxy.multiSet(new Map([[1, 'a'], [2, 'b']]));
    expect(log).toEqual(['cache.delete([1,2])', 'db.multiSet([1,2])', 'cache.multiSet([1,2])']);
    db.failing.add('multiSet');
    await cache.inner.set(3, 'old');
    await expect(proxy.multiSet(new Map([[3, 'c'], [4, 'd']]))).rejects.toBe(db.failure);
    expect(cache.inner.peek(3)).toBeUndefined();
    expect(cache.inner.peek(4)).toBeUndefined();
  });

  test('delete invalidates the cache first, then deletes from the database', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'v');
    await db.inner.set(1, 'v');
    await new StorageProxy(cache, db).delete(1, 2);
    expect(log).toEqual(['cache.delete([1,2])', 'db.delete([1,2])', 'cache.delete([1,2])']);
    expect(cache.inner.peek(1)).toBeUndefined();
  });

  test('a cache that cannot be invalidated fails the write before the database is touched', async () => {
    const { log, cache, db } = pair<string>();
    await db.inner.set(1, 'v');
    cache.failing.add('delete');
    const proxy = new StorageProxy(cache, db, { onPreferedError: 'fallback' });
    await expect(proxy.delete(1)).rejects.toBe(cache.failure);
    await expect(proxy.set(1, 'w')).rejects.toBe(cache.failure);
    expect(log).toEqual(['cache.delete([1])', 'cache.delete([1])']);
    expect(db.inner.peek(1)).toBe('v');
    expect(proxy.stats.preferedErrors).toBe(2);
  });

  test('a cache write that fails after the database write is counted; the key stays invalidated', async () => {
    const { cache, db } = pair<string>();
    await cache.inner.set(1, 'old');
    cache.failing.add('set');
    const errors: string[] = [];
    const proxy = new StorageProxy(cache, db, { onError: (_e, op) => errors.push(op) });
    await proxy.set(1, 'new');
    expect(db.inner.peek(1)).toBe('new');
    expect(cache.inner.peek(1)).toBeUndefined();
    expect([proxy.stats.cacheWriteErrors, errors]).toEqual([1, ['cache write']]);
  });

  test("incr and decr invalidate the cache, count in the database and resolve with the database's value", async () => {
    const { log, cache, db } = pair<number>();
    await db.inner.set('n', 40);
    await cache.inner.set('n', 40);
    const proxy = new StorageProxy(cache, db);
    expect(await proxy.incr('n', 3)).toBe(43);
    expect(await proxy.decr('n')).toBe(42);
    expect(log).toEqual(['cache.delete(["n"])', 'db.incr("n")', 'cache.delete(["n"])', 'cache.delete(["n"])', 'db.decr("n")', 'cache.delete(["n"])']);
    expect(cache.inner.peek('n')).toBeUndefined();
    expect(await proxy.get('n')).toBe(42);
  });

  test('incr on a backup without counters is UnsupportedOperationError', async () => {
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

  test('two overlapping writes of one key leave the cache empty, whatever order the database commits in', async () => {
    const { cache, db } = pair<string>();
    let releaseFirst: () => void = () => undefined;
    const slowDb: typeof db = Object.create(db);
    slowDb.set = (k, v) => (v === 'first' ? new Promise<void>((r) => (releaseFirst = () => void db.set(k, v).then(r))) : db.set(k, v));
    const proxy = new StorageProxy(cache, slowDb);
    const first = proxy.set(1, 'first');
    await new Promise((r) => setImmediate(r));
    await proxy.set(1, 'second'); // commits before the first
    releaseFirst();
    await first;
    expect(db.inner.peek(1)).toBe('first');
    expect(cache.inner.peek(1)).toBeUndefined(); // neither wrote through: the next read fills 'first'
    expect(await proxy.get(1)).toBe('first');
  });
});
