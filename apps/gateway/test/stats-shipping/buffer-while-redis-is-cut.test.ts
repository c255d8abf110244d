import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { encodeReport, type EncodedReport } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { systemClock } from '../../src/engine/clock';
import { ReportShipper } from '../../src/stats-shipping/report-shipper';
import { TcpProxy } from '@gatehouse/test-support/tcp-proxy';

const report = (tick: number): EncodedReport => encodeReport({ group: 'default', node: 'gw-cut', tick, pipelines: [] });

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeWith('redis')('stats shipping while Redis is cut', () => {
  const redisPort = Number(new URL(serviceUrl('redis')).port || 6379);
  const queueName = `test-ship-${process.pid}-${Date.now()}`;
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
    inspectConn.disconnect();
  });

  it('buffers without blocking, drops the oldest beyond its bound, counts the drops and ships the rest once Redis is back', async () => {
    shipper = new ReportShipper({ redisUrl: `redis://127.0.0.1:${proxy.port}`, bufferTicks: 4, queueName, clock: systemClock, retryMinMs: 20, retryMaxMs: 100, addTimeoutMs: 1000 });
    for (let t = 1; t <= 3; t++) shipper.offer(report(t));
    await until('the first three reports', () => shipper!.figures().shipped === 3);

    await proxy.cut();
    const started = performance.now();
    for (let t = 4; t <= 13; t++) shipper.offer(report(t));
    expect(performance.now() - started).toBeLessThan(50); // offering never waits for Redis
    await until('a failed attempt', () => shipper!.figures().failedAttempts > 0);
    expect(shipper.figures()).toMatchObject({ shipped: 3, buffered: 4, dropped: 6 });

    await proxy.start(); // the same port again: Redis is back
    await until('the buffered reports', () => shipper!.figures().shipped === 7);
    expect(shipper.figures()).toMatchObject({ buffered: 0, dropped: 6 });
    const ids = (await inspect.getJobs(['waiting'])).map((j) => j.id).sort();
    expect(ids).toEqual(['default:gw-cut:1', 'default:gw-cut:10', 'default:gw-cut:11', 'default:gw-cut:12', 'default:gw-cut:13', 'default:gw-cut:2', 'default:gw-cut:3']);
  });
});
