// @gatehouse/registry: the slide-24 Registry interface, the memory driver, and shared helpers.
// The Consul driver lives at `@gatehouse/registry/consul`, the agent at `@gatehouse/registry/agent`.
export * from './types';
export * from './errors';
export { MemoryRegistry, memoryRegistry, type MemoryRegistryOptions } from './memory/memory-registry';
export { QueueWatcher, SnapshotDiffer } from './watcher';
export { uniqueNodeId, validateService, isValidAddress, isValidPort, isValidServiceName, groupByVersion } from './service';
export { keepRegistered, type KeepRegisteredOptions, type Heartbeat, type BeatOutcome } from './heartbeat';
