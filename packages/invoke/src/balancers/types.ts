import type { Node } from '../types';

/** Per-call input to a balancer. */
export interface PickContext {
  /** Affinity key for the consistent-hash balancer (user id, session, …). */
  key?: string;
}

/** What the caller reports when a call on a picked node ends. */
export interface CallOutcome {
  /** Wall time of the call in milliseconds. */
  latencyMs: number;
  /** False for transport failures and 5xx (load-aware balancers may penalise the node). */
  ok: boolean;
}

/**
 * Chooses one node per call. Stateful balancers keep their state by `node.id`, so a node list
 * that changes between calls (instances coming and going) is fine.
 */
export interface Balancer {
  /** The balancer's kind, e.g. `round-robin`. */
  readonly kind: string;
  /** Picks one of `nodes` (never empty: callers check first). */
  pick(nodes: readonly Node[], ctx?: PickContext): Node;
  /** Called when a call on `node` starts (load-aware balancers count in-flight calls). */
  begin?(node: Node): void;
  /** Called when that call ends. */
  end?(node: Node, outcome: CallOutcome): void;
}

/** A source of uniform numbers in [0, 1); injectable for deterministic tests. @default Math.random */
export type RandomSource = () => number;
