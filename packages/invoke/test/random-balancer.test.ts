import { randomBalancer } from '../src';
import { makeNodes } from './balancer-contract';

test('spreads uniformly: each of 5 nodes gets 20 % ± 2 % of 20 000 picks', () => {
  const b = randomBalancer();
  const nodes = makeNodes(5);
  const counts = new Map<string, number>();
  for (let i = 0; i < 20_000; i++) {
    const id = b.pick(nodes).id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (const n of nodes) expect(Math.abs(counts.get(n.id)! / 20_000 - 0.2)).toBeLessThan(0.02);
});

test('uses the injected random source', () => {
  const seq = [0, 0.99, 0.5];
  let i = 0;
  const b = randomBalancer({ random: () => seq[i++ % seq.length]! });
  const nodes = makeNodes(3);
  expect([b.pick(nodes), b.pick(nodes), b.pick(nodes)].map((n) => n.id)).toEqual(['node-0', 'node-2', 'node-1']);
});
