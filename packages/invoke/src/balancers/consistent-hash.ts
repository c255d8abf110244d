import { InvalidArgumentError } from '../errors';
import type { Node } from '../types';
import { hash32 } from './hash';
import type { Balancer, PickContext } from './types';

/** Options of the consistent-hash balancer. */
export interface ConsistentHashOptions {
  /** Virtual nodes per instance: more spread the keys more evenly, at a larger ring. @default 160 */
  replicas?: number;
}

interface Ring {
  points: Uint32Array;
  owners: Node[];
}

/**
 * Consistent hashing on a ring of virtual nodes (`id#i` hashed per replica). A key goes to the
 * first point clockwise of its hash, so adding or removing one of N instances moves only about
 * 1/N of the keys. Needs `ctx.key`.
 */
export function consistentHashBalancer(options: ConsistentHashOptions = {}): Balancer {
  const replicas = options.replicas ?? 160;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new InvalidArgumentError('replicas', `must be a positive integer, got ${String(replicas)}`);
  }
  // Rings by node list: resolvers hand out the same array while it is cached, so the hot path is
  // a WeakMap hit; a new list with the same ids (a refresh) reuses the ring through the signature.
  const byList = new WeakMap<readonly Node[], Ring>();
  let lastSignature = '';
  let lastRing: Ring | undefined;

  const ringFor = (nodes: readonly Node[]): Ring => {
    const cached = byList.get(nodes);
    if (cached !== undefined) return cached;
    const signature = nodes.map((n) => `${n.id}@${n.address}:${n.port}`).join('\n');
    let ring = signature === lastSignature ? lastRing : undefined;
    if (ring === undefined) {
      ring = buildRing(nodes, replicas);
      lastSignature = signature;
      lastRing = ring;
    }
    byList.set(nodes, ring);
    return ring;
  };

  return {
    kind: 'consistent-hash',
    pick(nodes: readonly Node[], ctx?: PickContext): Node {
      const key = ctx?.key;
      if (typeof key !== 'string') throw new InvalidArgumentError('ctx.key', 'the consistent-hash balancer needs a string key');
      const ring = ringFor(nodes);
      const h = hash32(key);
      // First point >= h, wrapping to 0.
      const pts = ring.points;
      let lo = 0;
      let hi = pts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pts[mid]! < h) lo = mid + 1;
        else hi = mid;
      }
      return ring.owners[lo === pts.length ? 0 : lo]!;
    },
  };
}

function buildRing(nodes: readonly Node[], replicas: number): Ring {
  const entries: { point: number; node: Node }[] = [];
  for (const node of nodes) {
    for (let i = 0; i < replicas; i++) entries.push({ point: hash32(`${node.id}#${i}`), node });
  }
  // Ties (rare 32-bit collisions) are broken by id so every caller builds the same ring.
  entries.sort((a, b) => a.point - b.point || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  return { points: Uint32Array.from(entries, (e) => e.point), owners: entries.map((e) => e.node) };
}
