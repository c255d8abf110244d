import { leastInFlightBalancer } from '../src';
import { makeNodes } from './balancer-contract';

test('sends to the node with the fewest calls in flight', () => {
  const b = leastInFlightBalancer();
  const [a, c, d] = makeNodes(3);
  const nodes = [a!, c!, d!];
  b.begin!(a!);
  b.begin!(a!);
  b.begin!(c!);
  for (let i = 0; i < 5; i++) expect(b.pick(nodes).id).toBe(d!.id);
  b.begin!(d!);
  b.begin!(d!);
  expect(b.pick(nodes).id).toBe(c!.id);
  b.end!(a!, { latencyMs: 1, ok: true });
  b.end!(a!, { latencyMs: 1, ok: true });
  expect(b.pick(nodes).id).toBe(a!.id);
});

test('ties rotate, so an idle cluster is spread evenly', () => {
  const b = leastInFlightBalancer();
  const nodes = makeNodes(4);
  const ids = Array.from({ length: 8 }, () => b.pick(nodes).id);
  expect(new Set(ids.slice(0, 4)).size).toBe(4);
  expect(ids.slice(4)).toEqual(ids.slice(0, 4));
});

test('concurrent load stays balanced within one call per node', () => {
  const b = leastInFlightBalancer();
  const nodes = makeNodes(3);
  const open = new Map<string, number>();
  for (let i = 0; i < 30; i++) {
    const n = b.pick(nodes);
    b.begin!(n);
    open.set(n.id, (open.get(n.id) ?? 0) + 1);
  }
  const counts = [...open.values()];
  expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
});
