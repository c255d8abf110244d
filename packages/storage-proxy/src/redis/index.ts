// '@gatehouse/storage-proxy/redis': everything that needs ioredis.
export { RedisStorage, type RedisStorageOptions } from './redis-storage';
export { createCacheRedis, createRedisClient, redisConnectionPolicy, type CacheRedisOptions, type RedisConnectionOptions } from './client';
export { RedisInvalidationBus, type RedisInvalidationBusOptions } from './invalidation-bus';
export { msgpackCodec } from './msgpack-codec';
export { withDeadline } from './timeout';
