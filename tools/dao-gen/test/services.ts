// Which real databases the integration tests may use. The probe is synchronous (a short TCP
// connect in a child process) so a file can choose `describe` or `describe.skip` at load time.
import { spawnSync } from 'node:child_process';

/** Connection URLs of the test services (overridable from the environment). */
export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

const PROBE = `
const s = require('node:net').connect({ host: process.argv[1], port: Number(process.argv[2]) });
s.setTimeout(1000, () => process.exit(1));
s.on('connect', () => process.exit(0));
s.on('error', () => process.exit(1));`;

function reachable(url: string, defaultPort: number): boolean {
  const { hostname, port } = new URL(url);
  const probe = spawnSync(process.execPath, ['-e', PROBE, hostname || '127.0.0.1', port || String(defaultPort)], { timeout: 3000 });
  return probe.status === 0;
}

/**
 * `describe` when PostgreSQL answers, else `describe.skip` - unless REQUIRE_SERVICES=1, where a
 * missing PostgreSQL is a failure.
 */
export function describeWithPostgres(): jest.Describe {
  return postgresAvailable() ? describe : describe.skip;
}

/** True when PostgreSQL answers; false when not, unless REQUIRE_SERVICES=1 (then it throws). */
export function postgresAvailable(): boolean {
  if (reachable(POSTGRES_URL, 5432)) return true;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`REQUIRE_SERVICES=1 but PostgreSQL is unreachable at ${POSTGRES_URL}`);
  return false;
}

/** Redis URL of the tests. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `describe` when Redis answers, else `describe.skip` - a failure under REQUIRE_SERVICES=1. */
export function describeWithRedis(): jest.Describe {
  if (reachable(REDIS_URL, 6379)) return describe;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`REQUIRE_SERVICES=1 but Redis is unreachable at ${REDIS_URL}`);
  return describe.skip;
}

/** `describe` when MariaDB/MySQL answers, else `describe.skip`; MariaDB is optional even in CI. */
export function describeWithMysql(): jest.Describe {
  return reachable(MYSQL_URL, 3306) ? describe : describe.skip;
}

/** A table name unique to this run and worker, safe for every dialect. */
export function uniqueTable(base: string): string {
  return `${base}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
