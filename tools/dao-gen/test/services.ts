// Which real databases the integration tests may use: the shared probe of @gatehouse/test-support
// (once per Jest run). A block whose service is missing is reported as skipped, and fails under
// REQUIRE_SERVICES=1 for Redis and PostgreSQL; MariaDB is optional even in CI.
import { describeWith, type GatedDescribe, serviceUrl } from '@gatehouse/test-support';

/** Connection URLs of the test services (overridable from the environment). */
export const POSTGRES_URL = serviceUrl('postgres');
export const MYSQL_URL = serviceUrl('mysql');
/** Redis URL of the tests. */
export const REDIS_URL = serviceUrl('redis');

/** `describe` for tests that need PostgreSQL. */
export const describeWithPostgres = (): GatedDescribe => describeWith('postgres');
/** `describe` for tests that need Redis. */
export const describeWithRedis = (): GatedDescribe => describeWith('redis');
/** `describe` for tests that need MariaDB/MySQL. */
export const describeWithMysql = (): GatedDescribe => describeWith('mysql');

/** A table name unique to this run and worker, safe for every dialect. */
export function uniqueTable(base: string): string {
  return `${base}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
