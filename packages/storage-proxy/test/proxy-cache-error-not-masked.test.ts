// §5.3: a prefered error other than a miss on a read is returned as is (a cache outage is not
// masked), unless the proxy is configured to fall back; then it is served from the backup and
// counted. Writes never fall back: a cache that cannot be invalidated fails the write untouched.
import { CacheUnavailableError, StorageProxy } from '../src';
import { pair } from './recording-storage';

describe('a cache failure', () => {
  test('on get is returned by default, and the backup is not asked', async () => {
    const { log, cache, db } = pair<string>();
    await db.inner.set(1, 'db');
    cache.failing.add('get');
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.get(1)).rejects.toBeInstanceOf(CacheUnavailableError);
    expect(log).toEqual(['cache.get(1)']);
    expect(proxy.stats.preferedErrors).toBe(1);
  });

  test("on get with onPreferedError 'fallback' is served from the backup, counted, and not backfilled", async () => {
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

  test.each(['throw', 'fallback'] as const)("on the invalidation before a set stops the write before the database (onPreferedError '%s')", async (mode) => {
    const { log, cache, db } = pair<string>();
    cache.failing.add('delete');
    const proxy = new StorageProxy(cache, db, { onPreferedError: mode });
    await expect(proxy.set(1, 'v')).rejects.toBeInstanceOf(CacheUnavailableError);
    expect(log).toEqual(['cache.delete([1])']);
    expect(db.inner.peek(1)).toBeUndefined();
    expect(proxy.stats.preferedErrors).toBe(1);
  });
});
