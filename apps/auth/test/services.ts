// Which real services the tests can use. The probe runs once in global-setup.ts and leaves its
// answer in the environment, so test files can pick `describe` or `describe.skip` synchronously.
// With REQUIRE_SERVICES=1 (CI) a missing service fails the run instead of skipping.
import { Redis } from 'ioredis';
import { Client } from 'pg';

/** Redis URL for tests. @default redis://127.0.0.1:6379 */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** PostgreSQL URL for tests. @default postgres://postgres@127.0.0.1:5432/test */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Resolves true when Redis answers PING within a second. */
export async function probeRedis(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Resolves true when PostgreSQL accepts a connection within a second. */
export async function probePostgres(): Promise<boolean> {
  const client = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the global setup found Redis. */
export function hasRedis(): boolean {
  return process.env.AUTH_TEST_HAS_REDIS === '1';
}

/** Whether the global setup found PostgreSQL. */
export function hasPostgres(): boolean {
  return process.env.AUTH_TEST_HAS_POSTGRES === '1';
}

/** `describe` when Redis is there, else `describe.skip` (global setup already failed the run under REQUIRE_SERVICES=1). */
export const describeWithRedis = (): jest.Describe => (hasRedis() ? describe : describe.skip);

/** Database drivers to run the HTTP suites against: SQLite always, PostgreSQL when reachable. */
export function databaseDrivers(): Array<'sqlite' | 'postgres'> {
  return hasPostgres() ? ['sqlite', 'postgres'] : ['sqlite'];
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
