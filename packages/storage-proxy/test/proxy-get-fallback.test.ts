// §5.3 get: prefered first; only a miss goes to the backup, whose value is backfilled.
import { EmptyObjectError, StorageFailureError, StorageProxy } from '../src';
import { pair } from './recording-storage';

describe('StorageProxy.get', () => {
  test('a cache hit never touches the backup', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'cached');
    await db.inner.set(1, 'db');
    const proxy = new StorageProxy(cache, db);
    expect(await proxy.get(1)).toBe('cached');
    expect(log).toEqual(['cache.get(1)']);
    expect(proxy.stats.hits).toBe(1);
  });

  test('a miss reads the backup and backfills the cache with its value', async () => {
    const { log, cache, db } = pair<string>();
    await db.inner.set(1, 'db');
    const proxy = new StorageProxy(cache, db);
    expect(await proxy.get(1)).toBe('db');
    expect(log).toEqual(['cache.get(1)', 'db.get(1)', 'cache.set(1)']);
    expect(cache.inner.peek(1)).toBe('db');
    expect(proxy.stats).toMatchObject({ misses: 1, backupReads: 1, backfills: 1 });
  });

  test('a miss in both is EmptyObjectError and nothing is backfilled', async () => {
    const { log, cache, db } = pair<string>();
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.get(7)).rejects.toBeInstanceOf(EmptyObjectError);
    expect(log).toEqual(['cache.get(7)', 'db.get(7)']);
  });

  test('a backup failure after a miss is returned and nothing is backfilled', async () => {
    const { cache, db } = pair<string>();
    db.failing.add('get');
    db.failure = new StorageFailureError('get', new Error('connection reset'));
    const proxy = new StorageProxy(cache, db);
    await expect(proxy.get(1)).rejects.toBe(db.failure);
    expect(cache.inner.peek(1)).toBeUndefined();
  });

  test('a failed backfill is reported to onError and the value is still returned', async () => {
    const { cache, db } = pair<string>();
    await db.inner.set(1, 'db');
    cache.failing.add('set');
    const errors: string[] = [];
    const proxy = new StorageProxy(cache, db, { onError: (_e, op) => errors.push(op) });
    expect(await proxy.get(1)).toBe('db');
    expect(errors).toEqual(['get backfill']);
    expect(proxy.stats.backfillErrors).toBe(1);
  });
});
