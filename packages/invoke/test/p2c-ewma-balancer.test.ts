import { type Node, p2cEwmaBalancer } from '../src';
import { makeNodes } from './balancer-contract';

function drive(b: ReturnType<typeof p2cEwmaBalancer>, nodes: Node[], latency: (n: Node) => number, calls: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < calls; i++) {
    const n = b.pick(nodes);
    b.begin!(n);
    b.end!(n, { latencyMs: latency(n), ok: true });
    counts.set(n.id, (counts.get(n.id) ?? 0) + 1);
  }
  return counts;
}

test('steers most traffic away from a slow node', () => {
  let t = 0;
  const b = p2cEwmaBalancer({ now: () => (t += 10) });
  const nodes = makeNodes(3);
  const counts = drive(b, nodes, (n) => (n.id === 'node-0' ? 100 : 5), 3000);
  // With two choices the slow node only wins when both picks are it: impossible (distinct),
  // so it gets only the first probes.
  expect(counts.get('node-0')!).toBeLessThan(30);
  expect(counts.get('node-1')! + counts.get('node-2')!).toBeGreaterThan(2970);
});

test('prefers the node with fewer calls in flight at equal latency', () => {
  const b = p2cEwmaBalancer({ now: () => 0, random: (() => { let i = 0; return () => [0, 0][i++ % 2]!; })() });
  const [a, c] = makeNodes(2);
  for (const n of [a!, c!]) {
    b.begin!(n);
    b.end!(n, { latencyMs: 10, ok: true });
  }
  b.begin!(a!);
  b.begin!(a!);
  expect(b.pick([a!, c!]).id).toBe(c!.id);
});

test('the average decays with time, so a recovered node wins traffic back', () => {
  let t = 0;
  const b = p2cEwmaBalancer({ now: () => t, decayMs: 1000 });
  const [a, c] = makeNodes(2);
  b.begin!(a!);
  b.end!(a!, { latencyMs: 500, ok: true });
  b.begin!(c!);
  b.end!(c!, { latencyMs: 50, ok: true });
  expect(b.pick([a!, c!]).id).toBe(c!.id);
  // Node a answers fast again, 5 s (5 time constants) later: its old 500 ms weighs e^-5 < 1 %.
  t = 5000;
  b.begin!(a!);
  b.end!(a!, { latencyMs: 10, ok: true });
  expect(b.pick([a!, c!]).id).toBe(a!.id);
});

test('a failure is charged the penalty latency', () => {
  let t = 0;
  const b = p2cEwmaBalancer({ now: () => (t += 1), failurePenaltyMs: 1000 });
  const [a, c] = makeNodes(2);
  b.begin!(a!);
  b.end!(a!, { latencyMs: 2, ok: false });
  b.begin!(c!);
  b.end!(c!, { latencyMs: 300, ok: true });
  expect(b.pick([a!, c!]).id).toBe(c!.id);
});
