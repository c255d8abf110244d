import type { Node } from '../types';
import type { Balancer } from './types';

/**
 * Picks the node with the fewest calls in flight (counted through begin/end). Ties rotate so
 * that an idle cluster is still spread evenly rather than always hitting the first node.
 */
export function leastInFlightBalancer(): Balancer {
  const inFlight = new Map<string, number>();
  let rotate = 0;
  return {
    kind: 'least-in-flight',
    pick(nodes: readonly Node[]): Node {
      const n = nodes.length;
      const start = rotate++ % n;
      if (rotate >= 0x7fffffff) rotate = 0;
      let best = nodes[start]!;
      let bestCount = inFlight.get(best.id) ?? 0;
      for (let k = 1; k < n && bestCount > 0; k++) {
        const node = nodes[(start + k) % n]!;
        const count = inFlight.get(node.id) ?? 0;
        if (count < bestCount) {
          best = node;
          bestCount = count;
        }
      }
      return best;
    },
    begin(node: Node): void {
      inFlight.set(node.id, (inFlight.get(node.id) ?? 0) + 1);
    },
    end(node: Node): void {
      const left = (inFlight.get(node.id) ?? 1) - 1;
      if (left <= 0) inFlight.delete(node.id);
      else inFlight.set(node.id, left);
    },
  };
}
