import type { Node } from '../types';
import type { Balancer } from './types';

/** Cycles through the nodes in list order; one counter per balancer. */
export function roundRobinBalancer(): Balancer {
  let next = 0;
  return {
    kind: 'round-robin',
    pick(nodes: readonly Node[]): Node {
      // The counter wraps well before it loses integer precision.
      if (next >= 0x7fffffff) next = 0;
      return nodes[next++ % nodes.length]!;
    },
  };
}
