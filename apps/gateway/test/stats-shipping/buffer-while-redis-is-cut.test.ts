import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { REPORT_BODY_TTL_SEC } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { systemClock } from '../../src/engine/clock';
import { ReportShipper } from '../../src/stats-shipping/report-shipper';
import { TcpProxy } from '@gatehouse/test-support/tcp-proxy';
import { keysUnder, removeKeysUnder, reportOfTick, shippedReports } from './shipped-reports';

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeWith('redis')('stats shipping while Redis is cut', () => {
  const redisPort = Number(new URL(serviceUrl('redis')).port || 6379);
  const run = `test-ship-${process.pid}-${Date.now()}`;
  const queueName = run;
  const keyPrefix = `${run}:stats`;
  let proxy: TcpProxy;
  let shipper: ReportShipper | undefined;
  let inspect: Queue;
  let inspectConn: Redis;

  beforeAll(async () => {
    proxy = new TcpProxy({ port: redisPort });
    await proxy.start();
    inspectConn = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: null });
    inspect = new Queue(queueName, { connection: inspectConn });
  });

  afterAll(async () => {
    await shipper?.close();
    await proxy.cut();
    await inspect.obliterate({ force: true });
    await inspect.close();
    await removeKeysUnder(inspectConn, keyPrefix);
    inspectConn.disconnect();
  });

  it('buffers without blocking, drops the oldest beyond its bound, counts the drops and ships the rest — bodies and claims — once Redis is back', async () => {
    shipper = new ReportShipper({ redisUrl: `redis://127.0.0.1:${proxy.port}`, bufferTicks: 4, queueName, keyPrefix, clock: systemClock, retryMinMs: 20, retryMaxMs: 100, addTimeoutMs: 1000 });
    for (let t = 1; t <= 3; t++) shipper.offer(reportOfTick('default', 'gw-cut', t));
    await until('the first three reports', () => shipper!.figures().shipped === 3);

    await proxy.cut();
    // Offering never waits for Redis: all ten are taken in, buffered or dropped, with nothing
    // awaited in between (not timed: a loaded machine may pause the loop itself).
    for (let t = 4; t <= 13; t++) expect(shipper.offer(reportOfTick('default', 'gw-cut', t))).toBeUndefined();
    expect(shipper.figures()).toEqual({ shipped: 3, buffered: 4, dropped: 6, failedAttempts: 0 });
    await until('a failed attempt', () => shipper!.figures().failedAttempts > 0);
    expect(shipper.figures()).toMatchObject({ shipped: 3, buffered: 4, dropped: 6 });

    await proxy.start(); // the same port again: Redis is back
    await until('the buffered reports', () => shipper!.figures().shipped === 7);
    expect(shipper.figures()).toMatchObject({ buffered: 0, dropped: 6 });

    const shipped = await shippedReports(inspect, inspectConn, keyPrefix);
    const kept = [1, 2, 3, 10, 11, 12, 13]; // 4-9 were dropped, oldest first
    expect(shipped.map((s) => [s.id, s.claim])).toEqual(kept.map((t) => [`default:gw-cut:${t}`, { v: 3, g: 'default', n: 'gw-cut', t }]));
    // Each body is at its key, expiring, and holds its own tick's counts.
    expect(shipped.map((s) => s.count)).toEqual(kept);
    for (const s of shipped) {
      expect(s.ttl).toBeGreaterThan(0);
      expect(s.ttl).toBeLessThanOrEqual(REPORT_BODY_TTL_SEC);
    }
    expect(await keysUnder(inspectConn, keyPrefix)).toEqual(kept.map((t) => `${keyPrefix}:{default}:body:gw-cut:${t}`).sort());
  });
});
