import { Pool } from 'undici';
import type { Node } from './types';

/** Options of the per-origin connection pools. */
export interface PoolOptions {
  /** Keep-alive connections per instance. @default 16 */
  connections?: number;
  /** How long an idle keep-alive socket is kept. @default 30000 */
  keepAliveTimeoutMs?: number;
  /** Time allowed to open a connection. @default 1000 */
  connectTimeoutMs?: number;
}

/** One keep-alive undici Pool per instance origin, created on first use. */
export class PoolSet {
  private readonly pools = new Map<string, Pool>();
  // Resolvers hand out the same node objects while cached: a WeakMap hit skips building the origin.
  private readonly byNode = new WeakMap<Node, Pool>();
  private readonly options: Pool.Options;

  constructor(options: PoolOptions = {}) {
    this.options = {
      connections: options.connections ?? 16,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      connect: { timeout: options.connectTimeoutMs ?? 1000 },
    };
  }

  /** The pool of `node`'s origin. */
  for(node: Node): Pool {
    const known = this.byNode.get(node);
    if (known !== undefined && !known.closed) return known;
    // IPv6 literals need brackets in an origin.
    const host = node.address.includes(':') ? `[${node.address}]` : node.address;
    const origin = `http://${host}:${node.port}`;
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, this.options);
      this.pools.set(origin, pool);
    }
    this.byNode.set(node, pool);
    return pool;
  }

  /** Number of open pools (one per origin seen). */
  get size(): number {
    return this.pools.size;
  }

  /** Closes every pool, letting in-flight requests finish. */
  async close(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map((p) => p.close()));
  }
}
