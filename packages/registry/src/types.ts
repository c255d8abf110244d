// The registry interface of the talk's slide 24 (go-micro v0.x), in TypeScript.
// Other packages (e.g. @gatehouse/invoke) code against these shapes structurally, so keep them stable.

/** One running instance of a service. */
export interface Node {
  /** Unique per service; the Consul driver stores it in Meta and uses `name-host-port` as the Consul ID. */
  id: string;
  /** IPv4, IPv6 or host name the instance listens on. */
  address: string;
  /** TCP port, 1-65535. */
  port: number;
  /** Free-form per-instance labels (zone, weight...). */
  metadata: Record<string, string>;
}

/** A named operation a service exposes (informational; the registry does not route by it). */
export interface Endpoint {
  name: string;
  metadata?: Record<string, string>;
}

/** A service at one version, with the instances that run it. */
export interface Service {
  name: string;
  version: string;
  metadata: Record<string, string>;
  endpoints: Endpoint[];
  nodes: Node[];
}

/** Options of `Registry.register`. */
export interface RegisterOptions {
  /**
   * How long an instance stays healthy without another `register` call (the heartbeat).
   * @default 30000 (DEFAULT_TTL_MS)
   */
  ttlMs?: number;
}

/** A change seen by a watcher; `service` holds the full (name, version) group after the change. */
export interface WatchEvent {
  action: 'create' | 'update' | 'delete';
  service: Service;
}

/** A stream of watch events; iterate it with `for await` or call `next()`; `stop()` ends it. */
export interface Watcher extends AsyncIterable<WatchEvent> {
  next(): Promise<WatchEvent>;
  stop(): void;
}

/**
 * The registry. `getService` returns one entry per version with its healthy nodes grouped, and
 * `[]` when the service is unknown or has no healthy node (never a NotFound error).
 */
export interface Registry {
  register(service: Service, opts?: RegisterOptions): Promise<void>;
  deregister(service: Service): Promise<void>;
  getService(name: string): Promise<Service[]>;
  listServices(): Promise<Service[]>;
  watch(opts?: { service?: string }): Watcher;
  close?(): Promise<void>;
}

/** Heartbeat TTL used when `RegisterOptions.ttlMs` is not given. */
export const DEFAULT_TTL_MS = 30_000;
