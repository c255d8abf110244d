// §5.3: a prefered error other than a miss is returned as is (a cache outage is not masked),
// unless the proxy is configured to fall back; then it is served from the backup and counted.
import { CacheUnavailableError, StorageProxy } from '../src';
import { pair } from './recording-storage';

describe('a cache failure on get', () => {
  test('is returned by default, and the backup is not asked', async () => {
    const { log, cache, db } = pair<string>();
    await db.inner.set(1, 'db');
    cache.failing.add('get');
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.get(1)).rejects.toBeInstanceOf(CacheUnavailableError);
    expect(log).toEqual(['cache.get(1)']);
    expect(proxy.stats.preferedErrors).toBe(1);
  });

  test("with onPreferedError 'fallback' is served from the backup, counted, and not backfilled", async () => {
    const { log, cache, db } = pair<string>();
    await db.inner.set(1, 'db');
    cache.failing.add('get');
    const seen: unknown[] = [];
    const proxy = new StorageProxy(cache, db, { onPreferedError: 'fallback', onError: (e) => seen.push(e) });
    expect(await proxy.get(1)).toBe('db');
    expect(log).toEqual(['cache.get(1)', 'db.get(1)']);
    expect(proxy.stats.preferedErrors).toBe(1);
    expect(seen[0]).toBe(cache.failure);
  });

  test("with 'fallback' a cache failure on set still writes the database", async () => {
    const { cache, db } = pair<string>();
    cache.failing.add('set');
    const proxy = new StorageProxy(cache, db, { onPreferedError: 'fallback' });
    await proxy.set(1, 'v');
    expect(db.inner.peek(1)).toBe('v');
    expect(proxy.stats.preferedErrors).toBe(1);
  });

  test('by default a cache failure on set stops the chain before the database', async () => {
    const { log, cache, db } = pair<string>();
    cache.failing.add('set');
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.set(1, 'v')).rejects.toBeInstanceOf(CacheUnavailableError);
    expect(log).toEqual(['cache.set(1)']);
    expect(db.inner.peek(1)).toBeUndefined();
  });
});
