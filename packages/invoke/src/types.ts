/**
 * Structural mirrors of @gatehouse/registry's types (invoke does not import the registry package,
 * so a service can use invoke with any registry of this shape, or only with the agent).
 */

/** One running instance of a service. */
export interface Node {
  /** Globally unique instance id (e.g. `name-host-port`). */
  id: string;
  /** Host or IP the instance listens on. */
  address: string;
  port: number;
  /** Free-form metadata; invoke reads `weight` (weighted round-robin). */
  metadata: Record<string, string>;
}

/** A service version with its instances (the go-micro shape of slide 24). */
export interface Service {
  name: string;
  version: string;
  metadata: Record<string, string>;
  endpoints: { name: string; metadata?: Record<string, string> }[];
  nodes: Node[];
}

/** The part of a Registry that invoke needs. */
export interface RegistryLike {
  /** Every version of the service, each with its nodes. */
  getService(name: string): Promise<Service[]>;
}

/** What a resolver answers for one service. */
export interface Resolution {
  /** Instances of every version, flattened; the same array object while it is cached. */
  nodes: readonly Node[];
  /** True when the answer is known to be stale (the agent could not reach the registry). */
  stale: boolean;
}

/** Finds the instances of a service by name. */
export interface Resolver {
  /** Resolves `serviceName`; throws an `InvokeError` (`INV_…`) when it cannot. */
  resolve(serviceName: string): Promise<Resolution>;
  /** Releases connections and timers. */
  close?(): Promise<void>;
}
