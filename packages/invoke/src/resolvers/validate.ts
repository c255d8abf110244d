import type { Node, Service } from '../types';

/** Flattens every version's nodes into one list, filling a missing metadata with {}. */
export function flattenNodes(services: readonly Service[]): Node[] {
  const out: Node[] = [];
  for (const s of services) {
    for (const n of s.nodes) out.push(n.metadata ? n : { ...n, metadata: {} });
  }
  return out;
}
