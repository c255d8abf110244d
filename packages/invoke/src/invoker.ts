import { type BreakerRegistry, type Circuit, defaultRegistry } from '@gatehouse/breaker';
import { systemClock, type Clock } from '@gatehouse/foundation';
import { type Balancer, createBalancer } from './balancers';
import { type InvokeContext, DEADLINE_HEADER } from './context';
import {
  ClientError,
  ConnectFailedError,
  DeadlineExceededError,
  InvalidArgumentError,
  NoInstancesError,
  ServerError,
  TimeoutError,
  TransportError,
} from './errors';
import { attemptCall } from './http-call';
import { type CallPlan, type DdnsBreakerOptions, type DdnsOptions, planCall } from './options';
import { OutlierDetector, type OutlierDetectionOptions } from './outlier/outlier-detector';
import { PoolSet, type PoolOptions } from './pools';
import type { Node, Resolver } from './types';

/** Options of an `Invoker`. */
export interface InvokerOptions {
  /** Resolver used when a call passes none. */
  resolver?: Resolver;
  /** Connection pool settings (one keep-alive pool per instance origin). */
  pools?: PoolOptions;
  /** Wall time for deadlines (`clock.now()`) and monotonic time for latencies; tests pass a ManualClock. @default systemClock */
  clock?: Clock;
  /** Largest response body accepted; larger ones fail with `INV_RESPONSE_TOO_LARGE`. @default 8388608 (8 MiB) */
  maxResponseBytes?: number;
  /**
   * Passive outlier detection per service: instances that fail (connect failure, timeout, 5xx)
   * this many times in a row are left out of balancing for a while, so a dead but still
   * registered instance stops costing a failed connect per call; `false` turns it off.
   * @default { consecutiveFailures: 5, baseEjectionMs: 30000, maxEjectionMs: 300000, maxEjectedPercent: 50 }
   */
  outlierDetection?: OutlierDetectionOptions | false;
}

/** The instances of a service that are not ejected, cached while neither changes. */
interface Available {
  nodes: readonly Node[];
  version: number;
  available: readonly Node[];
}

const isClientError = (err: unknown): boolean => err instanceof ClientError;

/**
 * Holds what must outlive one call: keep-alive pools per origin, one balancer per (service,
 * kind) so round-robin and friends keep their state, and breaker circuits per service.
 */
export class Invoker {
  private readonly pools: PoolSet;
  private readonly balancers = new Map<string, Balancer>();
  private readonly circuits = new Map<string, Circuit>();
  private readonly resolver: Resolver | undefined;
  private readonly clock: Clock;
  private readonly maxResponseBytes: number;
  private readonly outlierOptions: OutlierDetectionOptions | false;
  private readonly detectors = new Map<string, { detector: OutlierDetector; cache: Available | undefined }>();

  constructor(options: InvokerOptions = {}) {
    const max = options.maxResponseBytes ?? 8 * 1024 * 1024;
    if (!Number.isInteger(max) || max < 1) throw new InvalidArgumentError('maxResponseBytes', 'must be a positive integer');
    this.maxResponseBytes = max;
    this.pools = new PoolSet(options.pools);
    this.resolver = options.resolver;
    this.clock = options.clock ?? systemClock;
    const outlier = options.outlierDetection ?? {};
    if (outlier !== false) new OutlierDetector(outlier); // validates the options now, not on the first call
    this.outlierOptions = outlier === false ? false : { now: () => this.clock.monotonic(), ...outlier };
  }

  /** The outlier detector of `service` (created on first use), or undefined when detection is off. */
  outliers(service: string): OutlierDetector | undefined {
    return this.outlierEntry(service)?.detector;
  }

  /**
   * The slide-24 helper: resolve `serviceName`, pick an instance, send `body` as JSON to the
   * endpoint path `method` (`/users.get` or `users.get`), decode the JSON answer.
   */
  ddns<T = unknown>(ctx: InvokeContext, serviceName: string, method: string, body?: unknown, opts: DdnsOptions<T> = {}): Promise<T> {
    let plan: CallPlan<T>;
    try {
      if (ctx !== undefined && ctx !== null && ctx.deadline !== undefined && !Number.isFinite(ctx.deadline)) {
        throw new InvalidArgumentError('ctx.deadline', 'must be a finite epoch-ms number');
      }
      plan = planCall(serviceName, method, body, opts, this.resolver);
    } catch (err) {
      return Promise.reject(err);
    }
    if (opts.breaker === undefined || opts.breaker === false) return this.run(ctx ?? {}, serviceName, plan, opts, undefined);
    // The breaker's signal aborts the HTTP exchange at the breaker's timeout, closing its socket.
    return this.circuitFor(serviceName, opts.breaker === true ? {} : opts.breaker).fire((call) => this.run(ctx ?? {}, serviceName, plan, opts, call.signal), undefined, []);
  }

  /** Closes every pool (in-flight calls finish first). */
  close(): Promise<void> {
    return this.pools.close();
  }

  private async run<T>(ctx: InvokeContext, service: string, plan: CallPlan<T>, opts: DdnsOptions<T>, signal: AbortSignal | undefined): Promise<T> {
    const { nodes } = await plan.resolver.resolve(service);
    if (nodes.length === 0) throw new NoInstancesError(service);
    const balancer = typeof plan.balance === 'string' ? this.balancerFor(service, plan.balance) : plan.balance;
    const pickCtx = opts.key === undefined ? undefined : { key: opts.key };
    const outliers = this.outlierEntry(service);
    const available = outliers === undefined ? nodes : this.available(outliers, nodes);
    let candidates = available;
    let tried: Set<string> | undefined;
    for (let attempt = 0; ; attempt++) {
      const node = balancer.pick(candidates, pickCtx);
      try {
        const value = await this.callNode(ctx, service, node, plan, opts, balancer, signal);
        outliers?.detector.success(node.id);
        return value;
      } catch (err) {
        if (outliers !== undefined) {
          if (countsAgainstNode(err)) outliers.detector.failure(node.id, nodes.length);
          else outliers.detector.success(node.id);
        }
        if (attempt >= plan.retries || signal?.aborted === true || !retryable(err, plan.idempotent)) throw err;
        (tried ??= new Set()).add(node.id);
        const left = available.filter((n) => !tried!.has(n.id));
        if (left.length === 0) throw err;
        candidates = left;
      }
    }
  }

  private async callNode<T>(
    ctx: InvokeContext,
    service: string,
    node: Node,
    plan: CallPlan<T>,
    opts: DdnsOptions<T>,
    balancer: Balancer,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const site = { service, instance: `${node.address}:${node.port}` };
    let budget = plan.timeoutMs;
    let deadlineBound = false;
    const headers: Record<string, string> = { ...opts.headers };
    if (plan.body !== undefined) headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
    if (ctx.deadline !== undefined) {
      const left = ctx.deadline - this.clock.now();
      if (left <= 0) throw new DeadlineExceededError(site);
      if (left <= budget) {
        budget = left;
        deadlineBound = true;
      }
      headers[DEADLINE_HEADER] = String(Math.floor(left));
    }
    const tracked = balancer.end !== undefined;
    const started = tracked ? this.clock.monotonic() : 0;
    balancer.begin?.(node);
    try {
      const value = await attemptCall({
        pool: this.pools.for(node),
        site,
        path: plan.path,
        method: plan.method,
        headers,
        body: plan.body,
        budgetMs: budget,
        deadlineBound,
        decode: plan.decode,
        maxResponseBytes: this.maxResponseBytes,
        signal,
      });
      if (tracked) balancer.end!(node, { latencyMs: this.clock.monotonic() - started, ok: true });
      return value;
    } catch (err) {
      if (tracked) balancer.end!(node, { latencyMs: this.clock.monotonic() - started, ok: !countsAgainstNode(err) });
      throw err;
    }
  }

  private outlierEntry(service: string): { detector: OutlierDetector; cache: Available | undefined } | undefined {
    if (this.outlierOptions === false) return undefined;
    let entry = this.detectors.get(service);
    if (entry === undefined) {
      entry = { detector: new OutlierDetector(this.outlierOptions), cache: undefined };
      this.detectors.set(service, entry);
    }
    return entry;
  }

  /**
   * Nodes not ejected; every node when all are (a panic mode as in Envoy: with no active checks
   * here, trying a maybe-dead node beats failing every call until an ejection ends).
   */
  private available(entry: { detector: OutlierDetector; cache: Available | undefined }, nodes: readonly Node[]): readonly Node[] {
    const { detector } = entry;
    const ejected = detector.ejected(); // also returns instances whose time is up (bumps version)
    if (ejected === 0) return nodes;
    const c = entry.cache;
    if (c !== undefined && c.nodes === nodes && c.version === detector.version) return c.available;
    const left = nodes.filter((n) => !detector.isEjected(n.id));
    const available = left.length === 0 ? nodes : left;
    entry.cache = { nodes, version: detector.version, available };
    return available;
  }

  private balancerFor(service: string, kind: string): Balancer {
    const key = `${service}\n${kind}`;
    let b = this.balancers.get(key);
    if (b === undefined) {
      b = createBalancer(kind);
      this.balancers.set(key, b);
    }
    return b;
  }

  private circuitFor(service: string, options: DdnsBreakerOptions): Circuit {
    const registry: BreakerRegistry = options.registry ?? defaultRegistry;
    const name = `invoke:${service}`;
    const cached = this.circuits.get(name);
    if (cached !== undefined && registry.get(name) === cached) return cached;
    const circuit = registry.circuit(name, { timeoutMs: 0, errorFilter: isClientError, ...options.settings });
    this.circuits.set(name, circuit);
    return circuit;
  }
}

/** Connect failures never reached the server; other transient failures only when idempotent. */
function retryable(err: unknown, idempotent: boolean): boolean {
  if (err instanceof ConnectFailedError) return true;
  if (!idempotent) return false;
  return err instanceof TimeoutError || err instanceof TransportError || err instanceof ServerError;
}

/** Failures that say something about the node's health (for load-aware balancers). */
function countsAgainstNode(err: unknown): boolean {
  return err instanceof ConnectFailedError || err instanceof TimeoutError || err instanceof TransportError || err instanceof ServerError;
}
