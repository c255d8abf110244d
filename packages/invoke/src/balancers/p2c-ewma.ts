import type { Node } from '../types';
import type { Balancer, CallOutcome, RandomSource } from './types';

/** Options of the power-of-two-choices balancer. */
export interface P2cEwmaOptions {
  /** Time constant of the latency average: older samples weigh e^(-age/decayMs). @default 10000 */
  decayMs?: number;
  /** Latency charged for a failed call, so failing nodes look slow. @default 1000 */
  failurePenaltyMs?: number;
  /** Monotonic clock in ms. @default performance.now */
  now?: () => number;
  /** Uniform source in [0, 1). @default Math.random */
  random?: RandomSource;
}

interface Stat {
  ewma: number;
  at: number;
  inFlight: number;
}

/**
 * Power of two choices on a latency EWMA (in the spirit of Finagle's and linkerd's P2C): take two
 * distinct random nodes and send to the one with the lower `ewma × (inFlight + 1)`. Cheap, needs
 * no global view, and steers away from slow or overloaded nodes. Unmeasured nodes score 0, so a
 * new instance is probed at once.
 */
export function p2cEwmaBalancer(options: P2cEwmaOptions = {}): Balancer {
  const decayMs = options.decayMs ?? 10_000;
  const penalty = options.failurePenaltyMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const stats = new Map<string, Stat>();
  const statOf = (node: Node): Stat => {
    let s = stats.get(node.id);
    if (s === undefined) {
      s = { ewma: 0, at: now(), inFlight: 0 };
      stats.set(node.id, s);
    }
    return s;
  };
  const score = (node: Node): number => {
    const s = stats.get(node.id);
    return s === undefined ? 0 : s.ewma * (s.inFlight + 1);
  };

  return {
    kind: 'p2c-ewma',
    pick(nodes: readonly Node[]): Node {
      const n = nodes.length;
      if (n === 1) return nodes[0]!;
      const i = Math.floor(random() * n);
      let j = Math.floor(random() * (n - 1));
      if (j >= i) j++;
      const a = nodes[i]!;
      const b = nodes[j]!;
      return score(b) < score(a) ? b : a;
    },
    begin(node: Node): void {
      statOf(node).inFlight++;
    },
    end(node: Node, outcome: CallOutcome): void {
      const s = statOf(node);
      if (s.inFlight > 0) s.inFlight--;
      const t = now();
      const sample = outcome.ok ? outcome.latencyMs : Math.max(outcome.latencyMs, penalty);
      // First sample sets the average; later ones blend by the time since the last sample.
      if (s.ewma === 0) s.ewma = sample;
      else {
        const w = Math.exp(-(t - s.at) / decayMs);
        s.ewma = s.ewma * w + sample * (1 - w);
      }
      s.at = t;
    },
  };
}
