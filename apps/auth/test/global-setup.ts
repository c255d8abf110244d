// Probes Redis and PostgreSQL once per run; see services.ts.
import { probePostgres, probeRedis } from './services';

export default async function globalSetup(): Promise<void> {
  const [redis, postgres] = await Promise.all([probeRedis(), probePostgres()]);
  const missing = [...(redis ? [] : ['Redis']), ...(postgres ? [] : ['PostgreSQL'])];
  if (missing.length > 0 && process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`REQUIRE_SERVICES=1 but ${missing.join(' and ')} cannot be reached`);
  }
  process.env.AUTH_TEST_HAS_REDIS = redis ? '1' : '0';
  process.env.AUTH_TEST_HAS_POSTGRES = postgres ? '1' : '0';
}
