import { consistentHashBalancer, InvalidArgumentError, type Node } from '../src';
import { makeNodes } from './balancer-contract';

const KEYS = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);

function assign(nodes: Node[]): Map<string, string> {
  const b = consistentHashBalancer();
  return new Map(KEYS.map((k) => [k, b.pick(nodes, { key: k }).id]));
}

test('the same key always goes to the same node', () => {
  const b = consistentHashBalancer();
  const nodes = makeNodes(5);
  for (const k of KEYS.slice(0, 200)) expect(b.pick(nodes, { key: k })).toBe(b.pick([...nodes], { key: k }));
});

test('keys spread evenly: every one of 10 nodes holds 10 % ± 3 %', () => {
  const counts = new Map<string, number>();
  for (const id of assign(makeNodes(10)).values()) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const c of counts.values()) expect(Math.abs(c / KEYS.length - 0.1)).toBeLessThan(0.03);
});

test('adding an 11th node moves about 1/11 of the keys, all of them to the new node', () => {
  const ten = makeNodes(11).slice(0, 10);
  const before = assign(ten);
  const after = assign(makeNodes(11));
  let moved = 0;
  for (const k of KEYS) {
    if (before.get(k) !== after.get(k)) {
      moved++;
      expect(after.get(k)).toBe('node-10');
    }
  }
  const share = moved / KEYS.length;
  // Ideal 1/11 = 9.1 %; a modulo hash would move ~91 %.
  expect(share).toBeGreaterThan(0.06);
  expect(share).toBeLessThan(0.13);
});

test('removing a node moves only that node’s keys', () => {
  const all = makeNodes(10);
  const before = assign(all);
  const after = assign(all.filter((n) => n.id !== 'node-3'));
  let moved = 0;
  for (const k of KEYS) {
    if (before.get(k) !== after.get(k)) {
      moved++;
      expect(before.get(k)).toBe('node-3');
    }
  }
  expect(moved).toBe([...before.values()].filter((id) => id === 'node-3').length);
});

test('node order in the list does not matter', () => {
  const nodes = makeNodes(6);
  const a = assign(nodes);
  const b = assign([...nodes].reverse());
  expect([...a.entries()]).toEqual([...b.entries()]);
});

test('a missing key and bad replicas are typed errors', () => {
  expect(() => consistentHashBalancer().pick(makeNodes(2))).toThrow(InvalidArgumentError);
  expect(() => consistentHashBalancer({ replicas: 0 })).toThrow(InvalidArgumentError);
});
