// Subpath export `@gatehouse/registry/consul`: the Consul driver (needs the optional peer `consul`).
export { ConsulRegistry, consulRegistry, type ConsulRegistryOptions } from './consul-registry';
export type { ConsulAddress } from './client';
export { uniqueNodeId } from './encoding';
export { nextIndex } from './blocking-loop';
