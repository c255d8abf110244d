// Per-service describe blocks: they run when global-setup found the service, and skip otherwise
// (global-setup already failed the run if REQUIRE_SERVICES=1 and a service was missing).
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { redisUrl } from './service-urls';

export { databaseUrl, mysqlUrl, redisUrl } from './service-urls';

function gated(flag: string): jest.Describe {
  return process.env[flag] === '1' ? describe : describe.skip;
}

/** describe() that needs Redis. */
export const describeWithRedis = gated('SP_TEST_REDIS_UP');
/** describe() that needs PostgreSQL. */
export const describeWithPostgres = gated('SP_TEST_POSTGRES_UP');
/** describe() that needs MariaDB/MySQL. */
export const describeWithMysql = gated('SP_TEST_MYSQL_UP');

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
