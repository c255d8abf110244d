// §5.3 multiGet: the backup is asked only for the keys the cache missed, and they are backfilled
// with one multiSet. An outage of the cache falls through to the backup (not nothing, as in Go).
import { StorageFailureError, StorageProxy } from '../src';
import { pair } from './recording-storage';

describe('StorageProxy.multiGet', () => {
  test('asks the backup only for the missing keys and backfills them with multiSet', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'c1');
    await db.inner.multiSet(new Map([[1, 'd1'], [2, 'd2'], [3, 'd3']]));
    const proxy = new StorageProxy(cache, db);
    const found = await proxy.multiGet([1, 2, 3, 4]);
    expect([...found]).toEqual([[1, 'c1'], [2, 'd2'], [3, 'd3']]);
    expect(log).toEqual(['cache.multiGet([1,2,3,4])', 'db.multiGet([2,3,4])', 'cache.multiSet([2,3])']);
    expect(cache.inner.peek(3)).toBe('d3');
  });

  test('all hits never touch the backup; nothing found in the backup means no backfill', async () => {
    const { log, cache, db } = pair<string>();
    await cache.inner.set(1, 'c1');
    const proxy = new StorageProxy(cache, db);
    await proxy.multiGet([1]);
    await proxy.multiGet([1, 9]);
    expect(log).toEqual(['cache.multiGet([1])', 'cache.multiGet([1,9])', 'db.multiGet([9])']);
  });

  test('a cache outage falls through to the backup for every key, counted, without backfill', async () => {
    const { log, cache, db } = pair<string>();
    await db.inner.multiSet(new Map([[1, 'd1'], [2, 'd2']]));
    cache.failing.add('multiGet');
    const proxy = new StorageProxy(cache, db);
    const found = await proxy.multiGet([1, 2]);
    expect(found.get(1)).toBe('d1');
    expect(found.get(2)).toBe('d2');
    expect(log).toEqual(['cache.multiGet([1,2])', 'db.multiGet([1,2])']);
    expect(proxy.stats.preferedErrors).toBe(1);
  });

  test('a backup error is returned', async () => {
    const { cache, db } = pair<string>();
    db.failing.add('multiGet');
    db.failure = new StorageFailureError('multiGet', new Error('timeout'));
    await expect(new StorageProxy(cache, db).multiGet([1])).rejects.toBe(db.failure);
  });

  test('a failed backfill is swallowed and the values are still returned', async () => {
    const { cache, db } = pair<string>();
    await db.inner.set(2, 'd2');
    cache.failing.add('multiSet');
    const proxy = new StorageProxy(cache, db);
    expect((await proxy.multiGet([2])).get(2)).toBe('d2');
    expect(proxy.stats.backfillErrors).toBe(1);
  });
});
