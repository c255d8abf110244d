// Slides 27-28: multiLevel([a, b, c, db]) nests proxies; a hit at one level backfills every level
// above it, and writes reach every level.
import { InvalidOptionsError, MemoryStorage, multiLevel } from '../src';
import { RecordingStorage } from './recording-storage';

function levels(): { log: string[]; l: RecordingStorage<string>[] } {
  const log: string[] = [];
  return { log, l: [new RecordingStorage<string>('mem', log), new RecordingStorage<string>('l1', log), new RecordingStorage<string>('l2', log), new RecordingStorage<string>('db', log, true)] };
}

describe('multiLevel', () => {
  test('a database hit backfills L2, L1 and memory, innermost first', async () => {
    const { log, l } = levels();
    await l[3]!.inner.set('k', 'v');
    const stack = multiLevel(l);
    expect(await stack.get('k')).toBe('v');
    expect(log).toEqual(['mem.get("k")', 'l1.get("k")', 'l2.get("k")', 'db.get("k")', 'l2.set("k")', 'l1.set("k")', 'mem.set("k")']);
    for (const level of l) expect(level.inner.peek('k')).toBe('v');
  });

  test('an L1 hit backfills only memory', async () => {
    const { log, l } = levels();
    await l[1]!.inner.set('k', 'v1');
    const stack = multiLevel(l);
    expect(await stack.get('k')).toBe('v1');
    expect(log).toEqual(['mem.get("k")', 'l1.get("k")', 'mem.set("k")']);
    expect(l[2]!.inner.peek('k')).toBeUndefined();
  });

  test('multiGet backfills each level above the one that had each key', async () => {
    const { l } = levels();
    await l[2]!.inner.set('a', 'A');
    await l[3]!.inner.set('b', 'B');
    const stack = multiLevel(l);
    const found = await stack.multiGet(['a', 'b', 'c']);
    expect([...found.entries()].sort()).toEqual([['a', 'A'], ['b', 'B']]);
    expect([l[0]!, l[1]!].every((s) => s.inner.peek('a') === 'A' && s.inner.peek('b') === 'B')).toBe(true);
    expect(l[2]!.inner.peek('b')).toBe('B');
  });

  test('a write invalidates the cache levels outermost first, writes the database, then fills them innermost first', async () => {
    const { log, l } = levels();
    const stack = multiLevel(l);
    await stack.set('k', 'v');
    expect(log.splice(0)).toEqual(['mem.delete(["k"])', 'l1.delete(["k"])', 'l2.delete(["k"])', 'db.set("k")', 'l2.set("k")', 'l1.set("k")', 'mem.set("k")']);
    await stack.delete('k');
    expect(log).toEqual(['mem.delete(["k"])', 'l1.delete(["k"])', 'l2.delete(["k"])', 'db.delete(["k"])', 'l2.delete(["k"])', 'l1.delete(["k"])', 'mem.delete(["k"])']);
  });

  test('add inserts into the database and fills every level under the assigned key', async () => {
    const { l } = levels();
    const key = await multiLevel(l).add(null, 'new');
    expect(key).toBe(1000);
    for (const level of l) expect(level.inner.peek(1000)).toBe('new');
  });

  test('stats() sums the counters of every level', async () => {
    const { l } = levels();
    await l[3]!.inner.set('k', 'v');
    const stack = multiLevel(l);
    await stack.get('k');
    await stack.get('k');
    const { levels: perLevel, total } = stack.stats();
    expect(perLevel).toHaveLength(3);
    expect(perLevel[0]!.hits).toBe(1);
    expect(total.backfills).toBe(3);
  });

  test('fewer than two levels is InvalidOptionsError', () => {
    expect(() => multiLevel([new MemoryStorage<string>()])).toThrow(InvalidOptionsError);
  });
});
