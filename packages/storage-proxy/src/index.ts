// Root entry: interfaces, errors, the proxy and the in-process storage. Importing it connects to
// nothing and loads neither ioredis nor typeorm (those are under ./redis and ./typeorm).
export * from './types';
export * from './errors';
export { assertKey, assertKeys, keyId } from './keys';
export { type Codec, jsonCodec } from './codec';
export { estimateBytes } from './size-of';
export { MemoryStorage, type MemoryStorageOptions } from './memory-storage';
export { StorageProxy } from './storage-proxy';
export type { StorageProxyOptions, LocallyInvalidatable } from './proxy-options';
export { type ProxyStats, newProxyStats } from './proxy-stats';
export { multiLevel, MultiLevelStorage, type MultiLevelOptions } from './multi-level';
export type { InvalidationBus } from './invalidation';
export { ReadLeases, ReadLease } from './read-leases';
