import type { Node } from '../types';
import type { Balancer, RandomSource } from './types';

/** Options of the random balancer. */
export interface RandomOptions {
  /** Uniform source in [0, 1). @default Math.random */
  random?: RandomSource;
}

/** Picks a node uniformly at random: stateless, no coordination, good enough with many callers. */
export function randomBalancer(options: RandomOptions = {}): Balancer {
  const random = options.random ?? Math.random;
  return {
    kind: 'random',
    pick: (nodes: readonly Node[]): Node => nodes[Math.floor(random() * nodes.length)]!,
  };
}
