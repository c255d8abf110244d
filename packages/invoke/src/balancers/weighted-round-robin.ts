import type { Node } from '../types';
import type { Balancer } from './types';

/** Reads a node's weight from `metadata.weight`: a positive integer, else 1. */
export function nodeWeight(node: Node): number {
  const raw = node.metadata.weight;
  if (raw === undefined) return 1;
  const w = Number(raw);
  return Number.isInteger(w) && w > 0 ? w : 1;
}

/**
 * nginx's smooth weighted round-robin: every pick adds each node's weight to its current score,
 * takes the highest and subtracts the total from it. Weights 5,1,1 give a a b a c a a, spreading
 * the heavy node out instead of sending it five calls in a row.
 */
export function weightedRoundRobinBalancer(): Balancer {
  // Scores live in an array parallel to the last node list seen (the hot path touches no Map);
  // when the list changes, scores carry over by node id and departed nodes are dropped.
  let lastList: readonly Node[] | undefined;
  let scores: number[] = [];
  let weights: number[] = [];
  let total = 0;

  const rebuild = (nodes: readonly Node[]): void => {
    const previous = new Map<string, number>();
    lastList?.forEach((n, i) => previous.set(n.id, scores[i]!));
    weights = nodes.map(nodeWeight);
    total = weights.reduce((a, b) => a + b, 0);
    scores = nodes.map((n) => previous.get(n.id) ?? 0);
    lastList = nodes;
  };

  return {
    kind: 'weighted-round-robin',
    pick(nodes: readonly Node[]): Node {
      if (nodes !== lastList) rebuild(nodes);
      let best = 0;
      let bestScore = -Infinity;
      for (let i = 0; i < nodes.length; i++) {
        const score = (scores[i] = scores[i]! + weights[i]!);
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      scores[best] = bestScore - total;
      return nodes[best]!;
    },
  };
}
