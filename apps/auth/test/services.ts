// Which real services the tests can use: the shared probe (@gatehouse/test-support) runs once per
// Jest run; a block whose service is missing is reported as skipped, or fails under
// REQUIRE_SERVICES=1 (CI).
import { describeVariants, describeWith, serviceUrl, type GatedDescribe } from '@gatehouse/test-support';
import { Redis } from 'ioredis';

/** Redis URL for tests. @default redis://127.0.0.1:6379 */
export const REDIS_URL = serviceUrl('redis');
/** PostgreSQL URL for tests. @default postgres://postgres@127.0.0.1:5432/test */
export const DATABASE_URL = serviceUrl('postgres');

/** `describe` for tests that need Redis: runs, is reported as skipped, or fails under REQUIRE_SERVICES. */
export const describeWithRedis = (): GatedDescribe => describeWith('redis');

/** The database drivers the HTTP suites run against. */
export type DatabaseDriver = 'sqlite' | 'postgres';

/** One block per driver, `%s` in `title` naming it: SQLite always runs; PostgreSQL runs, skips or fails. */
export function describeEachDatabase(title: string, fn: (driver: DatabaseDriver) => void): void {
  describeVariants(
    title,
    [
      { name: 'sqlite', value: 'sqlite' },
      { name: 'postgres', needs: ['postgres'], value: 'postgres' },
    ],
    fn,
  );
}

/** Deletes every Redis key under `prefix` (SCAN + DEL; never FLUSH). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
