import { TICK_MS } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { report } from '../src/bench/synthetic-reports';
import { PrivateRedis } from '@gatehouse/test-support/private-redis';
import { until, WorkerProcess } from './support/worker-process';

const JOBS = 10_000;
const CHUNK = 100;

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// A private redis-server (AOF on, fsync always) on a free port: restarting the shared one would hurt other tests.
(hasRedisServer() || process.env['REQUIRE_SERVICES'] === '1' ? describe : describe.skip)('a Redis restart during 10,000 enqueues', () => {
  let redis: PrivateRedis;
  let conn: Redis;
  let queue: Queue;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    // Fails fast while Redis is down, so the producer sees the failure and retries, as the gateway's shipper does.
    conn = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(50 * n, 500) });
    conn.on('error', () => undefined);
    queue = new Queue('gatehouse-stats', { connection: conn });
    queue.on('error', () => undefined);
  });
  afterAll(async () => {
    await worker?.stop();
    await queue.close().catch(() => undefined);
    conn.disconnect();
    await redis.destroy();
  });

  it('loses no acknowledged job, counts none twice, and the worker reconnects by itself', async () => {
    worker = await WorkerProcess.start({ STATS_REDIS_URL: redis.url, STATS_WORKER_LOCK_MS: '3000', STATS_WORKER_STALLED_INTERVAL_MS: '1000', STATS_WORKER_BATCH_WAIT_MS: '20' });
    const tick = Math.floor(Date.now() / TICK_MS) - 200;
    let failedAdds = 0;
    for (let c = 0; c < JOBS / CHUNK; c++) {
      if (c === JOBS / CHUNK / 2) {
        await redis.stop(true); // kill -9 of Redis mid-stream…
        setTimeout(() => void redis.restart(), 500); // …back half a second later
      }
      const jobs = Array.from({ length: CHUNK }, (_, k) => {
        const i = c * CHUNK + k;
        const t = tick + Math.floor(i / 100);
        return { name: 'tick', data: report('blue', `gw-${i % 100}`, t, [1e6]), opts: { jobId: `blue:gw-${i % 100}:${t}`, attempts: 5, removeOnComplete: true } };
      });
      // Until acknowledged: a chunk half-added before the cut is added again, the same ids deduplicating.
      for (;;) {
        try {
          await queue.addBulk(jobs);
          break;
        } catch {
          failedAdds++;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    expect(failedAdds).toBeGreaterThan(0); // the restart did happen under the producer

    const probe = new Redis(redis.url);
    try {
      await until('all 10,000 reports folded', async () => Number(await probe.hget('gatehouse:stats:{blue}:total:api:-', 's.n')) === JOBS, 90_000);
      await until('an empty queue', async () => {
        const c = await queue.getJobCounts('wait', 'active', 'delayed');
        return c['wait'] === 0 && c['active'] === 0 && c['delayed'] === 0;
      });
      expect(await probe.zcard('gatehouse:stats:{blue}:applied')).toBe(JOBS);
      expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
      const health = await fetch(`${worker.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      probe.disconnect();
    }
  }, 180_000);
});
