// §5.3 add: the backup first (it assigns the key), then the cache under the key it assigned,
// or the key a KeyChangeable & KeyGetter object reports. A key known before the insert is
// invalidated (fenced) first, like every write.
import { DuplicateKeyError, type Key, type KeyChangeable, type KeyGetter, StorageProxy } from '../src';
import { pair } from './recording-storage';

class Row implements KeyChangeable, KeyGetter {
  id: number | undefined;
  constructor(readonly name: string, private readonly changeable: boolean) {}
  isKeyChangeable(): boolean {
    return this.changeable;
  }
  getKey(): Key {
    return this.id ?? 0;
  }
}

describe('StorageProxy.add', () => {
  test('inserts into the database first, then caches under the key the database assigned', async () => {
    const { log, cache, db } = pair<{ name: string }>();
    const proxy = new StorageProxy(cache, db);
    const key = await proxy.add(null, { name: 'a' });
    expect(key).toBe(1000);
    expect(log).toEqual(['db.add(null)', 'cache.delete([1000])', 'cache.set(1000)']);
    expect(cache.inner.peek(1000)).toEqual({ name: 'a' });
  });

  test('takes the key from a KeyChangeable & KeyGetter object when it says so', async () => {
    const { log, cache, db } = pair<Row>();
    const proxy = new StorageProxy(cache, db);
    const row = new Row('r', true);
    row.id = 77; // as an ORM would after the INSERT
    expect(await proxy.add(5, row)).toBe(77);
    expect(log).toEqual(['cache.delete([5])', 'db.add(5)', 'cache.delete([5])', 'cache.delete([77])', 'cache.set(77)']);
    const fixed = new Row('f', false);
    fixed.id = 88;
    expect(await proxy.add(6, fixed)).toBe(6);
  });

  test('a database failure (duplicate key) is returned and the cache is not filled', async () => {
    const { log, cache, db } = pair<{ name: string }>();
    await db.inner.set(3, { name: 'existing' });
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.add(3, { name: 'dup' })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(log).toEqual(['cache.delete([3])', 'db.add(3)', 'cache.delete([3])']);
    expect(cache.inner.peek(3)).toBeUndefined();
  });

  test('a stale cache entry under the new key is overwritten', async () => {
    const { cache, db } = pair<{ name: string }>();
    await cache.inner.set(1000, { name: 'stale' });
    await new StorageProxy(cache, db).add(null, { name: 'fresh' });
    expect(cache.inner.peek(1000)).toEqual({ name: 'fresh' });
  });

  test('after a durable insert a cache failure is counted, not thrown (a retry would duplicate)', async () => {
    const { cache, db } = pair<{ name: string }>();
    cache.failing.add('set');
    const proxy = new StorageProxy(cache, db);
    expect(await proxy.add(null, { name: 'a' })).toBe(1000);
    expect(proxy.stats.cacheWriteErrors).toBe(1);
    expect(db.inner.peek(1000)).toEqual({ name: 'a' });
  });
});
