// Per-service describe blocks (the shared probe of @gatehouse/test-support, once per run): they
// run when the service is up, are reported as skipped when not, and fail under REQUIRE_SERVICES=1
// when Redis or PostgreSQL is missing.
import { randomBytes } from 'node:crypto';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import Redis from 'ioredis';

/** Where the services are: the environment, else the development machines' defaults. */
export const redisUrl = (): string => serviceUrl('redis');
export const databaseUrl = (): string => serviceUrl('postgres');
export const mysqlUrl = (): string => serviceUrl('mysql');

/** describe() that needs Redis. */
export const describeWithRedis = describeWith('redis');
/** describe() that needs PostgreSQL. */
export const describeWithPostgres = describeWith('postgres');
/** describe() that needs MariaDB/MySQL. */
export const describeWithMysql = describeWith('mysql');

/** A unique name part for this run: Redis prefixes, table names, channels. */
export function uniqueId(tag: string): string {
  return `${tag}${randomBytes(4).toString('hex')}`;
}

/** A plain Redis client for test setup and inspection. */
export function adminRedis(): Redis {
  return new Redis(redisUrl(), { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** Deletes every key starting with `prefix` (SCAN, never FLUSH). */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
