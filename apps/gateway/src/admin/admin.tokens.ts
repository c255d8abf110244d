import type { Gateway } from '../engine/gateway';
import type { KeyAttemptThrottle } from './auth/key-throttle';

/** Injection token of the running engine (`Gateway`). */
export const GATEWAY = Symbol('GATEWAY');

/** Injection token of the statistics REST API's query service (`IndicatorQuery`). */
export const INDICATOR_QUERY = Symbol('INDICATOR_QUERY');

/** Injection token of the Prometheus metrics `GET /metrics` serves (`GatewayMetrics`). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Injection token of the admin plane's settings (`AdminOptions`). */
export const ADMIN_OPTIONS = Symbol('ADMIN_OPTIONS');

/** Settings the admin plane's guards and routes read. */
export interface AdminOptions {
  /** Key admin routes require; undefined = no key (then the plane binds 127.0.0.1 only). */
  readonly apiKey: string | undefined;
  /** Counts wrong keys per client address. */
  readonly throttle: KeyAttemptThrottle;
}

/** What the admin module is built around. */
export interface AdminDeps {
  readonly gateway: Gateway;
  readonly options: AdminOptions;
}
