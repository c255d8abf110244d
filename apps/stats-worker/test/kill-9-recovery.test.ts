import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { TICK_MS } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { asClaim, report } from '../src/bench/synthetic-reports';
import { until, WorkerProcess } from './support/worker-process';

const JOBS = 400;

describeWith('redis')('kill -9 of the worker while jobs are active', () => {
  const id = `${process.pid}-${Date.now()}`;
  const queueName = `test-kill-${id}`;
  const prefix = `test:kill:${id}`;
  let conn: Redis;
  let queue: Queue;
  const workers: WorkerProcess[] = [];
  const env = (extra: Record<string, string>): Record<string, string> => ({
    STATS_REDIS_URL: serviceUrl('redis'),
    STATS_QUEUE: queueName,
    STATS_KEY_PREFIX: prefix,
    STATS_WORKER_LOCK_MS: '2000',
    STATS_WORKER_STALLED_INTERVAL_MS: '1000',
    ...extra,
  });

  beforeAll(() => {
    conn = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: null });
    queue = new Queue(queueName, { connection: conn });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await conn.keys(`${prefix}:*`);
    if (keys.length > 0) await conn.del(...keys);
    conn.disconnect();
  });

  it('recovers every job and counts none twice', async () => {
    const tick = Math.floor(Date.now() / TICK_MS) - 40;
    // Each job: node gw-<i % 10>, its own tick, (i % 7) + 1 successes — so the total tells a lost job from a doubled
    // one. Odd jobs are claims (what gateways ship): a claim redelivered after its fold finds its body deleted.
    const jobs = Array.from({ length: JOBS }, (_, i) => {
      const data = report('blue', `gw-${i % 10}`, tick + Math.floor(i / 10), Array.from({ length: (i % 7) + 1 }, () => 1e6));
      const opts = { jobId: `blue:gw-${i % 10}:${tick + Math.floor(i / 10)}`, attempts: 5 };
      if (i % 2 === 0) return { name: 'tick', data, opts, body: undefined };
      const c = asClaim(data, prefix);
      return { name: 'tick', data: c.claim, opts, body: c };
    });
    const expected = jobs.reduce((n, _, i) => n + (i % 7) + 1, 0);
    for (const j of jobs) if (j.body) await conn.set(j.body.key, j.body.body, 'EX', 600);
    await queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts })));

    // 1. A worker that holds 150 jobs waiting for a batch that never fills: killed with all of them active.
    const holder = await WorkerProcess.start(env({ STATS_WORKER_CONCURRENCY: '150', STATS_WORKER_BATCH_SIZE: '1000', STATS_WORKER_BATCH_WAIT_MS: '60000' }));
    workers.push(holder);
    await until('150 active jobs', async () => (await queue.getJobCounts('active'))['active'] === 150);
    await holder.kill9();
    expect(await queue.getJobCounts('active', 'completed')).toEqual({ active: 150, completed: 0 });

    // 2. A worker folding in small batches, killed mid-stream: some batches are in Redis, some jobs not yet completed.
    const busy = await WorkerProcess.start(env({ STATS_WORKER_CONCURRENCY: '40', STATS_WORKER_BATCH_SIZE: '20', STATS_WORKER_BATCH_WAIT_MS: '5' }));
    workers.push(busy);
    await until('some jobs completed', async () => ((await queue.getJobCounts('completed'))['completed'] ?? 0) >= 60);
    await busy.kill9();

    // 3. A last worker takes everything back (stalled jobs return to wait after the lock expires).
    const last = await WorkerProcess.start(env({ STATS_WORKER_BATCH_WAIT_MS: '20' }));
    workers.push(last);
    await until('every job completed', async () => (await queue.getJobCounts('completed'))['completed'] === JOBS, 60_000);

    expect(await queue.getJobCounts('failed', 'active', 'wait')).toEqual({ failed: 0, active: 0, wait: 0 });
    expect(Number(await conn.hget(`${prefix}:{blue}:total:api:-`, 's.n'))).toBe(expected);
    expect(await conn.zcard(`${prefix}:{blue}:applied`)).toBe(JOBS);
    expect(await conn.keys(`${prefix}:{blue}:body:*`)).toEqual([]);
    const outcomes = (await queue.getJobs(['completed'])).map((j) => j.returnvalue as string);
    expect(outcomes.filter((o) => o !== 'folded' && o !== 'duplicate')).toEqual([]);
  }, 180_000);
});
