import { OutlierDetector } from '../src';

const make = (over: ConstructorParameters<typeof OutlierDetector>[0] = {}) => {
  let t = 1000;
  const d = new OutlierDetector({ consecutiveFailures: 3, baseEjectionMs: 1000, maxEjectionMs: 5000, maxEjectedPercent: 50, now: () => t, ...over });
  return { d, advance: (ms: number) => (t += ms) };
};

test('consecutive failures eject at the threshold; a success in between resets the streak', () => {
  const { d } = make();
  d.failure('a', 4);
  d.failure('a', 4);
  d.success('a');
  d.failure('a', 4);
  expect(d.failure('a', 4)).toBe(false);
  expect(d.isEjected('a')).toBe(false);
  expect(d.failure('a', 4)).toBe(true);
  expect(d.isEjected('a')).toBe(true);
});

test('the ejection ends by itself, and each ejection in a row lasts longer (base × n, capped)', () => {
  const { d, advance } = make();
  const eject = () => {
    for (let i = 0; i < 3; i++) d.failure('a', 4);
  };
  const durations: number[] = [];
  for (let n = 0; n < 7; n++) {
    eject();
    let waited = 0;
    while (d.isEjected('a')) {
      advance(100);
      waited += 100;
    }
    durations.push(waited);
  }
  expect(durations).toEqual([1000, 2000, 3000, 4000, 5000, 5000, 5000]);
});

test('a long healthy spell starts the ejection count over', () => {
  const { d, advance } = make();
  for (let n = 0; n < 2; n++) {
    for (let i = 0; i < 3; i++) d.failure('a', 4);
    advance(5000);
  }
  expect(d.state('a').ejections).toBe(2);
  advance(5000);
  for (let i = 0; i < 3; i++) d.failure('a', 4);
  expect(d.state('a').ejections).toBe(1);
});

test('at most the set share of instances is ejected at once (at least one)', () => {
  const { d } = make({ maxEjectedPercent: 50 });
  for (const id of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) d.failure(id, 3);
  expect(['a', 'b', 'c'].filter((id) => d.isEjected(id))).toEqual(['a']);
  const { d: all } = make({ maxEjectedPercent: 100 });
  for (const id of ['a', 'b']) for (let i = 0; i < 3; i++) all.failure(id, 2);
  expect(all.ejected()).toBe(2);
  const { d: none } = make({ maxEjectedPercent: 0 });
  for (let i = 0; i < 10; i++) none.failure('a', 2);
  expect(none.isEjected('a')).toBe(false);
});

test('restore ends an ejection early (a passing active probe)', () => {
  const { d } = make();
  for (let i = 0; i < 3; i++) d.failure('a', 2);
  const v = d.version;
  expect(d.restore('a')).toBe(true);
  expect(d.isEjected('a')).toBe(false);
  expect(d.version).toBeGreaterThan(v);
  expect(d.restore('a')).toBe(false);
});

test('retain forgets instances that left, freeing their ejection slot', () => {
  const { d } = make({ maxEjectedPercent: 50 });
  for (let i = 0; i < 3; i++) d.failure('a', 2);
  for (let i = 0; i < 3; i++) d.failure('b', 2);
  expect(d.isEjected('b')).toBe(false);
  d.retain(new Set(['b']));
  expect(d.ejected()).toBe(0);
  for (let i = 0; i < 3; i++) d.failure('b', 1);
  expect(d.isEjected('b')).toBe(true);
});

test('bad options are refused with INV_INVALID_ARGUMENT', () => {
  expect(() => new OutlierDetector({ consecutiveFailures: 0 })).toThrow(expect.objectContaining({ code: 'INV_INVALID_ARGUMENT' }) as Error);
  expect(() => new OutlierDetector({ baseEjectionMs: 10, maxEjectionMs: 5 })).toThrow(expect.objectContaining({ field: 'maxEjectionMs' }) as Error);
  expect(() => new OutlierDetector({ maxEjectedPercent: 101 })).toThrow(expect.objectContaining({ field: 'maxEjectedPercent' }) as Error);
});
