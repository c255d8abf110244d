import { nodeWeight, weightedRoundRobinBalancer } from '../src';
import { makeNodes } from './balancer-contract';

test('weights 5,1,1 give nginx’s smooth sequence a a b a c a a', () => {
  const b = weightedRoundRobinBalancer();
  const nodes = makeNodes(3, (i) => (i === 0 ? '5' : '1'));
  const seq = Array.from({ length: 14 }, () => b.pick(nodes).id.replace('node-', ''));
  expect(seq.join('')).toBe('00102000010200');
});

test('shares follow the weights exactly over whole cycles', () => {
  const b = weightedRoundRobinBalancer();
  const nodes = makeNodes(3, (i) => String(i + 1)); // 1, 2, 3
  const counts = [0, 0, 0];
  for (let i = 0; i < 600; i++) counts[Number(b.pick(nodes).id.slice(5))]!++;
  expect(counts).toEqual([100, 200, 300]);
});

test('missing or invalid weights count as 1', () => {
  const [n] = makeNodes(1);
  expect(nodeWeight(n!)).toBe(1);
  for (const bad of ['0', '-3', 'x', '1.5']) expect(nodeWeight({ ...n!, metadata: { weight: bad } })).toBe(1);
  expect(nodeWeight({ ...n!, metadata: { weight: '7' } })).toBe(7);
});

test('a node joining keeps the others’ scores and gets its share', () => {
  const b = weightedRoundRobinBalancer();
  const all = makeNodes(3);
  for (let i = 0; i < 5; i++) b.pick(all.slice(0, 2));
  const counts = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const id = b.pick([...all]).id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (const n of all) expect(counts.get(n.id)).toBe(100);
});
