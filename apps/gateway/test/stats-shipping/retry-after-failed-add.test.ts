import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { REPORT_BODY_TTL_SEC } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ManualClock } from '../../src/engine/clock';
import { ReportShipper } from '../../src/stats-shipping/report-shipper';
import { keysUnder, removeKeysUnder, reportOfTick, shippedReports } from './shipped-reports';

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeWith('redis')('a report whose body was stored but whose job was refused', () => {
  const run = `test-ship-retry-${process.pid}-${Date.now()}`;
  const queueName = run;
  const keyPrefix = `${run}:stats`;
  // BullMQ's add script INCRs the queue's id counter before anything else: a counter that is no
  // number makes every add fail inside Redis, after the shipper's SET of the body succeeded.
  const idCounter = `bull:${queueName}:id`;
  let redis: Redis;
  let inspect: Queue;
  let shipper: ReportShipper | undefined;

  beforeAll(() => {
    redis = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: null });
    inspect = new Queue(queueName, { connection: redis });
  });

  afterAll(async () => {
    await shipper?.close();
    await redis.del(idCounter);
    await inspect.obliterate({ force: true });
    await inspect.close();
    await removeKeysUnder(redis, keyPrefix);
    redis.disconnect();
  });

  it('is retried, rewriting the same body, and ends as exactly one job and one body', async () => {
    await redis.set(idCounter, 'not-a-number');
    const clock = new ManualClock();
    shipper = new ReportShipper({ redisUrl: serviceUrl('redis'), queueName, keyPrefix, clock, retryMinMs: 500, addTimeoutMs: 5000 });
    shipper.offer(reportOfTick('blue', 'gw-retry', 7));
    await until('the refused add', () => shipper!.figures().failedAttempts === 1);

    // The body went first; no job names it yet, and the report waits in the buffer.
    const bodyKey = `${keyPrefix}:{blue}:body:gw-retry:7`;
    expect(await keysUnder(redis, keyPrefix)).toEqual([bodyKey]);
    expect(await inspect.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'failed')).toBe(0);
    expect(shipper.figures()).toMatchObject({ shipped: 0, buffered: 1 });

    // Still refused at the first retry: retries do not pile up bodies or jobs.
    clock.advance(500);
    await until('the second refused add', () => shipper!.figures().failedAttempts === 2);
    expect(await keysUnder(redis, keyPrefix)).toEqual([bodyKey]);

    await redis.del(idCounter);
    clock.advance(1000); // the backoff doubled
    await until('the retried report', () => shipper!.figures().shipped === 1);
    expect(shipper.figures()).toMatchObject({ shipped: 1, buffered: 0, dropped: 0, failedAttempts: 2 });

    const shipped = await shippedReports(inspect, redis, keyPrefix);
    expect(shipped.map((s) => ({ id: s.id, claim: s.claim, count: s.count }))).toEqual([{ id: 'blue:gw-retry:7', claim: { v: 3, g: 'blue', n: 'gw-retry', t: 7 }, count: 7 }]);
    expect(shipped[0]!.ttl).toBeGreaterThan(0);
    expect(shipped[0]!.ttl).toBeLessThanOrEqual(REPORT_BODY_TTL_SEC);
    expect(await keysUnder(redis, keyPrefix)).toEqual([bodyKey]);
    expect(await inspect.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'failed')).toBe(1);
  });
});
