import type { ClusterAdmin } from '../cluster/cluster-admin';
import type { ClusterIndicatorQuery } from '../cluster-statistics/cluster-indicator-query';
import type { Gateway } from '../engine/gateway';
import type { WorkerPool } from '../workers/worker-pool';
import type { KeyAttemptThrottle } from './auth/key-throttle';

/** Injection token of the running engine (`Gateway`). */
export const GATEWAY = Symbol('GATEWAY');

/** Injection token of the statistics REST API's query service (`IndicatorQuery`). */
export const INDICATOR_QUERY = Symbol('INDICATOR_QUERY');

/** Injection token of the Prometheus metrics `GET /metrics` serves (`GatewayMetrics`). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Injection token of the cluster admin logic (`ClusterAdmin`), present in the cluster mode. */
export const CLUSTER_ADMIN = Symbol('CLUSTER_ADMIN');

/** Injection token of the data-plane workers (`WorkerPool`), present with GATEWAY_WORKERS > 1. */
export const WORKER_POOL = Symbol('WORKER_POOL');
/** Injection token of the cluster statistics query (`ClusterIndicatorQuery`), present while the node ships statistics. */
export const CLUSTER_STATISTICS = Symbol('CLUSTER_STATISTICS');

/** Injection token of the readiness probe (`() => ReadyState`). */
export const READINESS = Symbol('READINESS');

/** Injection token of the admin plane's settings (`AdminOptions`). */
export const ADMIN_OPTIONS = Symbol('ADMIN_OPTIONS');

/** Settings the admin plane's guards and routes read. */
export interface AdminOptions {
  /** Key admin routes require; undefined = no key (then the plane binds 127.0.0.1 only). */
  readonly apiKey: string | undefined;
  /** Counts wrong keys per client address. */
  readonly throttle: KeyAttemptThrottle;
}

/** Whether the node serves its config yet (`GET /health/v1/ready`). */
export interface ReadyState {
  ready: boolean;
  /** Why not, when not ready. */
  reason?: string;
  /** Sequence number of the last operation applied. */
  sequence: number;
}

/** What the admin module is built around. */
export interface AdminDeps {
  readonly gateway: Gateway;
  readonly options: AdminOptions;
  /** @default ready whenever the admin plane answers (the embedded mode) */
  readonly readiness?: () => ReadyState;
  /** The cluster admin logic; its routes exist only in the cluster mode. */
  readonly cluster?: ClusterAdmin;
  /** The data-plane workers; `/admin/v1/workers` exists only with them. */
  readonly workers?: WorkerPool;
  /** The cluster statistics query; its routes exist only while the node ships statistics. */
  readonly clusterStatistics?: ClusterIndicatorQuery;
}
