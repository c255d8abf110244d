import type { Node, Service } from '../types';

/** Checks that `value` is a Service[] as the registry/agent defines it; returns the reason if not. */
export function serviceListProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'services is not an array';
  for (const s of value as unknown[]) {
    if (s === null || typeof s !== 'object') return 'a service is not an object';
    const nodes = (s as Service).nodes;
    if (!Array.isArray(nodes)) return 'a service has no nodes array';
    for (const n of nodes as unknown[]) {
      const node = n as Partial<Node> | null;
      if (node === null || typeof node !== 'object') return 'a node is not an object';
      if (typeof node.id !== 'string' || typeof node.address !== 'string') return 'a node lacks id or address';
      if (typeof node.port !== 'number' || !Number.isInteger(node.port) || node.port < 1 || node.port > 65535) {
        return `node ${node.id} has an invalid port`;
      }
    }
  }
  return undefined;
}

/** Flattens every version's nodes into one list, filling a missing metadata with {}. */
export function flattenNodes(services: readonly Service[]): Node[] {
  const out: Node[] = [];
  for (const s of services) {
    for (const n of s.nodes) out.push(n.metadata ? n : { ...n, metadata: {} });
  }
  return out;
}
