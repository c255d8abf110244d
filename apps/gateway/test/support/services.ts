import { Redis } from 'ioredis';

/** Redis URL of the tests. @default "redis://127.0.0.1:6379" */
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * True when Redis answers. When it does not, tests that need it skip — unless
 * REQUIRE_SERVICES=1 (CI), where a missing service must fail the run.
 */
export async function redisAvailable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch (err) {
    if (process.env['REQUIRE_SERVICES'] === '1') throw new Error(`Redis is required (REQUIRE_SERVICES=1) but ${REDIS_URL} is unreachable: ${String(err)}`);
    return false;
  } finally {
    r.disconnect();
  }
}
