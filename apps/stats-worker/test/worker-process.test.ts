import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { TICK_MS } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { asClaim, report } from '../src/bench/synthetic-reports';
import { metricValue, until, WorkerProcess } from './support/worker-process';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

describe('the worker command', () => {
  it('--help and --version print and exit 0 without connecting anywhere', () => {
    const env = { PATH: process.env['PATH'] ?? '', STATS_REDIS_URL: 'redis://127.0.0.1:1' };
    const help = execFileSync(process.execPath, [MAIN, '--help'], { env, timeout: 30_000 }).toString();
    expect(help).toMatch(/STATS_WORKER_BATCH_SIZE/);
    expect(execFileSync(process.execPath, [MAIN, '--version'], { env, timeout: 30_000 }).toString()).toMatch(/^gatehouse-stats-worker \d+\.\d+\.\d+\n$/);
  });
});

describeWith('redis')('the worker process', () => {
  const id = `${process.pid}-${Date.now()}`;
  const queueName = `test-stats-${id}`;
  const prefix = `test:worker:${id}`;
  let conn: Redis;
  let queue: Queue;
  let worker: WorkerProcess | undefined;

  beforeAll(() => {
    conn = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: null });
    queue = new Queue(queueName, { connection: conn });
  });
  afterAll(async () => {
    await worker?.stop();
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await conn.keys(`${prefix}:*`);
    if (keys.length > 0) await conn.del(...keys);
    conn.disconnect();
  });

  it('folds jobs held and claimed, fails a malformed one and a claim without its body once each with the reason, and reports them in /metrics and /health', async () => {
    worker = await WorkerProcess.start({ STATS_REDIS_URL: serviceUrl('redis'), STATS_QUEUE: queueName, STATS_KEY_PREFIX: prefix, STATS_WORKER_BATCH_WAIT_MS: '20' });
    const tick = Math.floor(Date.now() / TICK_MS);
    const opts = { attempts: 5, backoff: { type: 'fixed', delay: 100 } };
    for (let n = 0; n < 3; n++) await queue.add('tick', report('blue', `gw-${n}`, tick, [1e6, 2e6]), { ...opts, jobId: `blue:gw-${n}:${tick}` });
    // Claims (what gateways ship): the body first, then the job naming it.
    for (let n = 3; n < 5; n++) {
      const c = asClaim(report('blue', `gw-${n}`, tick, [1e6, 2e6, 3e6]), prefix);
      await conn.set(c.key, c.body, 'EX', 600);
      await queue.add('tick', c.claim, { ...opts, jobId: `blue:gw-${n}:${tick}` });
    }
    await queue.add('tick', { v: 1, g: 'blue', n: 'gw-x', t: tick, p: 'nope' }, { ...opts, jobId: `blue:gw-x:${tick}` });
    await queue.add('tick', asClaim(report('blue', 'gw-lost', tick, [1e6]), prefix).claim, { ...opts, jobId: `blue:gw-lost:${tick}` });
    await until('five folded and two failed', async () => {
      const c = await queue.getJobCounts('completed', 'failed');
      return c['completed'] === 5 && c['failed'] === 2;
    });
    const failed = new Map((await queue.getJobs(['failed'])).map((j) => [j.id, j]));
    expect(failed.get(`blue:gw-x:${tick}`)!.failedReason).toMatch(/^malformed report: p must be an array/);
    expect(failed.get(`blue:gw-lost:${tick}`)!.failedReason).toMatch(/report body .*:body:gw-lost:\d+ is not in Redis \(expired or lost\) and it was never folded/);
    expect([...failed.values()].map((j) => j.attemptsMade)).toEqual([1, 1]);
    expect(await conn.hget(`${prefix}:{blue}:total:api:-`, 's.n')).toBe('12');
    expect(await conn.keys(`${prefix}:{blue}:body:*`)).toEqual([]);

    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metricValue(metrics, 'stats_worker_jobs_total{outcome="folded"}')).toBe(5);
    expect(metricValue(metrics, 'stats_worker_jobs_total{outcome="duplicate"}')).toBe(0);
    expect(metricValue(metrics, 'stats_worker_jobs_failed_total{reason="malformed"}')).toBe(1);
    expect(metricValue(metrics, 'stats_worker_jobs_failed_total{reason="missing"}')).toBe(1);
    expect(metricValue(metrics, 'stats_worker_queue_jobs{state="failed"}')).toBe(2);
    const health = await fetch(`${worker.url}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok', redis: 'up', worker: 'running' }]);
    const missing = await fetch(`${worker.url}/nope`);
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([404, 'STATS_NOT_FOUND']);
  });
});
