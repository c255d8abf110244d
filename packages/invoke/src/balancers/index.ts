import { UnknownBalancerError } from '../errors';
import { consistentHashBalancer } from './consistent-hash';
import { leastInFlightBalancer } from './least-in-flight';
import { p2cEwmaBalancer } from './p2c-ewma';
import { randomBalancer } from './random';
import { roundRobinBalancer } from './round-robin';
import type { Balancer } from './types';
import { weightedRoundRobinBalancer } from './weighted-round-robin';

/** One factory per kind; `createBalancer(kind)` and ddns's `balance` option take these names. */
export const BALANCER_FACTORIES: Readonly<Record<string, () => Balancer>> = Object.freeze({
  random: () => randomBalancer(),
  'round-robin': () => roundRobinBalancer(),
  'weighted-round-robin': () => weightedRoundRobinBalancer(),
  'least-in-flight': () => leastInFlightBalancer(),
  'consistent-hash': () => consistentHashBalancer(),
  'p2c-ewma': () => p2cEwmaBalancer(),
});

/** The talk's short names, accepted as aliases. */
const ALIASES: Readonly<Record<string, string>> = { roundrobin: 'round-robin', hash: 'consistent-hash', weighted: 'weighted-round-robin' };

/** Names `createBalancer` accepts (aliases included). */
export type BalancerKind =
  | 'random'
  | 'round-robin'
  | 'weighted-round-robin'
  | 'least-in-flight'
  | 'consistent-hash'
  | 'p2c-ewma'
  | 'roundrobin'
  | 'hash'
  | 'weighted';

/** Creates a balancer of `kind` with default options; throws `INV_UNKNOWN_BALANCER` otherwise. */
export function createBalancer(kind: BalancerKind | string): Balancer {
  const factory = BALANCER_FACTORIES[ALIASES[kind] ?? kind];
  if (factory === undefined) throw new UnknownBalancerError(kind, [...Object.keys(BALANCER_FACTORIES), ...Object.keys(ALIASES)]);
  return factory();
}

/** The canonical name of `kind` (aliases resolved), or undefined when unknown. */
export function canonicalKind(kind: string): string | undefined {
  const k = ALIASES[kind] ?? kind;
  return Object.prototype.hasOwnProperty.call(BALANCER_FACTORIES, k) ? k : undefined;
}

export { consistentHashBalancer, type ConsistentHashOptions } from './consistent-hash';
export { leastInFlightBalancer } from './least-in-flight';
export { p2cEwmaBalancer, type P2cEwmaOptions } from './p2c-ewma';
export { randomBalancer, type RandomOptions } from './random';
export { roundRobinBalancer } from './round-robin';
export type { Balancer, CallOutcome, PickContext, RandomSource } from './types';
export { nodeWeight, weightedRoundRobinBalancer } from './weighted-round-robin';
