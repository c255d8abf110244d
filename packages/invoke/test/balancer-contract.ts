import type { Balancer, Node } from '../src';

/** Builds `n` nodes with distinct ids. */
export function makeNodes(n: number, weight?: (i: number) => string): Node[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `node-${i}`,
    address: `10.0.0.${i + 1}`,
    port: 8000 + i,
    metadata: (weight ? { weight: weight(i) } : {}) as Record<string, string>,
  }));
}

/**
 * The contract every Balancer meets, whatever its strategy. `create` returns a fresh balancer;
 * the suite always passes a key so the consistent-hash balancer can run it too.
 */
export function describeBalancerContract(name: string, create: () => Balancer): void {
  describe(`Balancer contract: ${name}`, () => {
    test('has a kind', () => {
      expect(typeof create().kind).toBe('string');
    });

    test('always returns one of the given nodes', () => {
      const b = create();
      const nodes = makeNodes(5);
      for (let i = 0; i < 200; i++) {
        const picked = b.pick(nodes, { key: `k${i}` });
        expect(nodes).toContain(picked);
      }
    });

    test('a single node is always picked', () => {
      const b = create();
      const [only] = makeNodes(1);
      for (let i = 0; i < 20; i++) expect(b.pick([only!], { key: `k${i}` })).toBe(only);
    });

    test('every node of a list gets traffic over many keys and calls', () => {
      const b = create();
      const nodes = makeNodes(4);
      const hit = new Set<string>();
      for (let i = 0; i < 2000; i++) {
        const n = b.pick(nodes, { key: `user-${i}` });
        b.begin?.(n);
        b.end?.(n, { latencyMs: 5, ok: true });
        hit.add(n.id);
      }
      expect(hit.size).toBe(4);
    });

    test('copes with the node list changing between calls', () => {
      const b = create();
      const all = makeNodes(6);
      const lists = [all.slice(0, 3), all.slice(2, 6), all.slice(1, 2), all];
      for (let round = 0; round < 40; round++) {
        const list = lists[round % lists.length]!;
        const n = b.pick(list, { key: `k${round}` });
        expect(list).toContain(n);
        b.begin?.(n);
        b.end?.(n, { latencyMs: 1, ok: round % 3 !== 0 });
      }
    });

    test('begin/end, when present, accept nodes that are no longer listed', () => {
      const b = create();
      const gone = makeNodes(1)[0]!;
      expect(() => {
        b.begin?.(gone);
        b.end?.(gone, { latencyMs: 1, ok: false });
      }).not.toThrow();
    });
  });
}
