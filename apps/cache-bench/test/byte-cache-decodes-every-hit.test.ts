import { EmptyObjectError } from '@gatehouse/storage-proxy';
import { ByteCacheStorage } from '../src/byte-cache';

describe('ByteCacheStorage', () => {
  it('keeps bytes and hands back a freshly decoded object on every hit', async () => {
    const cache = new ByteCacheStorage<{ n: number; tags: string[] }>();
    const value = { n: 1, tags: ['a'] };
    await cache.set(1, value);
    value.n = 2; // the cache holds bytes, not the caller's object
    const a = await cache.get(1);
    const b = await cache.get(1);
    expect(a).toEqual({ n: 1, tags: ['a'] });
    expect(a).not.toBe(b);
    expect(a.tags).not.toBe(b.tags);
  });

  it('reports misses as EmptyObjectError and leaves them out of multiGet', async () => {
    const cache = new ByteCacheStorage<number>();
    await cache.multiSet(new Map([[1, 10], [2, 20]]));
    await expect(cache.get(3)).rejects.toBeInstanceOf(EmptyObjectError);
    expect(await cache.multiGet([1, 3, 2])).toEqual(new Map([[1, 10], [2, 20]]));
    await cache.delete(1);
    await expect(cache.get(1)).rejects.toBeInstanceOf(EmptyObjectError);
  });

  it('evicts the oldest insert beyond maxEntries', async () => {
    const cache = new ByteCacheStorage<string>({ maxEntries: 2 });
    await cache.set('a', 'A');
    await cache.set('b', 'B');
    await cache.set('a', 'A2'); // rewriting makes it the newest
    await cache.set('c', 'C');
    await expect(cache.get('b')).rejects.toBeInstanceOf(EmptyObjectError);
    expect(await cache.get('a')).toBe('A2');
    expect(await cache.get('c')).toBe('C');
  });
});
