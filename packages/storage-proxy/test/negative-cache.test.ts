import { ManualClock } from '@gatehouse/foundation';
// Misses of the backup are remembered for a short TTL (injected clock): a hot missing key reaches
// the database once per TTL, and a write of the key forgets the miss at once.
import { EmptyObjectError, multiLevel, StorageProxy } from '../src';
import { pair, RecordingStorage } from './recording-storage';

const dbReads = (log: string[]): number => log.filter((l) => l.startsWith('db.get') || l.startsWith('db.multiGet')).length;

describe('negative caching of misses', () => {
  test('a miss is answered without the backup until the TTL passes', async () => {
    const { log, cache, db } = pair<string>();
    const clock = new ManualClock();
    const proxy = new StorageProxy(cache, db, { negativeTtlMs: 200, clock });
    for (let i = 0; i < 5; i++) await expect(proxy.get('nope')).rejects.toBeInstanceOf(EmptyObjectError);
    expect(dbReads(log)).toBe(1);
    expect(proxy.stats.negativeHits).toBe(4);
    clock.advance(200);
    await expect(proxy.get('nope')).rejects.toBeInstanceOf(EmptyObjectError);
    expect(dbReads(log)).toBe(2);
  });

  test('multiGet skips keys known missing', async () => {
    const { log, cache, db } = pair<string>();
    await db.inner.set('a', 'A');
    const proxy = new StorageProxy(cache, db, { negativeTtlMs: 1000, clock: new ManualClock() });
    await proxy.multiGet(['a', 'gone']);
    await proxy.multiGet(['a', 'gone']);
    expect(log.filter((l) => l.startsWith('db.'))).toEqual(['db.multiGet(["a","gone"])']);
  });

  test('writing the key forgets the miss immediately', async () => {
    const { cache, db } = pair<string>();
    const proxy = new StorageProxy(cache, db, { negativeTtlMs: 10_000, clock: new ManualClock() });
    await expect(proxy.get('k')).rejects.toBeInstanceOf(EmptyObjectError);
    await proxy.set('k', 'now here');
    await cache.inner.delete('k'); // force the read to go past the cache
    expect(await proxy.get('k')).toBe('now here');
    await proxy.delete('k');
    await expect(proxy.get('k')).rejects.toBeInstanceOf(EmptyObjectError);
    await db.inner.set('k', 'added behind the proxy');
    await expect(proxy.get('k')).rejects.toBeInstanceOf(EmptyObjectError); // remembered miss
    await expect(proxy.get('n')).rejects.toBeInstanceOf(EmptyObjectError);
    await proxy.add('n', 'inserted');
    await cache.inner.delete('n');
    expect(await proxy.get('n')).toBe('inserted');
  });

  test('is off by default in StorageProxy and on (top level only) in multiLevel', async () => {
    const { log, cache, db } = pair<string>();
    const plain = new StorageProxy(cache, db);
    await plain.get('x').catch(() => undefined);
    await plain.get('x').catch(() => undefined);
    expect(dbReads(log)).toBe(2);
    const levels = ['mem', 'l1', 'db'].map((n) => new RecordingStorage<string>(n, [], n === 'db'));
    const stack = multiLevel(levels, { clock: new ManualClock() });
    await stack.get('x').catch(() => undefined);
    await stack.get('x').catch(() => undefined);
    expect(levels[2]!.log.filter((l) => l.startsWith('db.get'))).toHaveLength(1);
    expect(stack.stats().levels[0]!.negativeHits).toBe(1);
  });
});
