// PostgreSQL and Redis for the page-server test: reported as skipped when absent, a failure under
// REQUIRE_SERVICES=1 (the shared probe of @gatehouse/test-support).
import { describeWith, type GatedDescribe } from '@gatehouse/test-support';

/** `describe` for tests that need both PostgreSQL and Redis. */
export function describeWithPostgresAndRedis(): GatedDescribe {
  return describeWith('postgres', 'redis');
}
