import { Task } from '../../../engine/task';
import { fnv1a, HashPick } from './hash';

function task(values: Record<string, unknown>): Task {
  const t = new Task(undefined, 0);
  for (const [k, v] of Object.entries(values)) t.setValue(k, v);
  return t;
}

describe('hash (FNV-1a-32 over value_hashed_keys)', () => {
  it('computes FNV-1a-32 (published test vectors, UTF-8 bytes)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(fnv1a('é')).toBe(fnv1a('\u00e9'));
    expect(fnv1a('xé')).not.toBe(fnv1a('xe'));
  });

  it('one key: the target is fnv1a(value) mod n, the same every time', () => {
    const h = new HashPick(7, ['REMOTE_ADDR']);
    const t = task({ REMOTE_ADDR: '10.0.0.1' });
    expect(h.pick(t)).toBe(fnv1a('10.0.0.1') % 7);
    expect(h.pick(t)).toBe(h.pick(task({ REMOTE_ADDR: '10.0.0.1' })));
  });

  it('several keys are separated, so "ab"+"c" and "a"+"bc" are different inputs', () => {
    const h = new HashPick(1 << 30, ['A', 'B']);
    expect(h.pick(task({ A: 'ab', B: 'c' }))).not.toBe(h.pick(task({ A: 'a', B: 'bc' })));
  });

  it('spreads many distinct values evenly', () => {
    const h = new HashPick(4, ['UID']);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[h.pick(task({ UID: `user-${i}` }))]!++;
    for (const c of counts) expect(Math.abs(c - 5_000)).toBeLessThan(500);
  });
});
