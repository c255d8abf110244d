import { roundRobinBalancer } from '../src';
import { makeNodes } from './balancer-contract';

test('cycles through the nodes in order', () => {
  const b = roundRobinBalancer();
  const nodes = makeNodes(3);
  const ids = Array.from({ length: 7 }, () => b.pick(nodes).id);
  expect(ids).toEqual(['node-0', 'node-1', 'node-2', 'node-0', 'node-1', 'node-2', 'node-0']);
});

test('gives exactly equal shares over whole cycles', () => {
  const b = roundRobinBalancer();
  const nodes = makeNodes(4);
  const counts = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const id = b.pick(nodes).id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  expect(new Set(counts.values())).toEqual(new Set([100]));
});
