// PostgreSQL and Redis for the page-server test: skip when absent, fail under REQUIRE_SERVICES=1.
import { spawnSync } from 'node:child_process';

const PROBE = `
const s = require('node:net').connect({ host: process.argv[1], port: Number(process.argv[2]) });
s.setTimeout(1000, () => process.exit(1));
s.on('connect', () => process.exit(0));
s.on('error', () => process.exit(1));`;

function reachable(url: string, defaultPort: number): boolean {
  const { hostname, port } = new URL(url);
  return spawnSync(process.execPath, ['-e', PROBE, hostname || '127.0.0.1', port || String(defaultPort)], { timeout: 3000 }).status === 0;
}

/** `describe` when both PostgreSQL and Redis answer; else `describe.skip`, or a failure under REQUIRE_SERVICES=1. */
export function describeWithPostgresAndRedis(): jest.Describe {
  const pg = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (reachable(pg, 5432) && reachable(redis, 6379)) return describe;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error('REQUIRE_SERVICES=1 but PostgreSQL or Redis is unreachable');
  return describe.skip;
}
