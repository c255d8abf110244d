import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { DEFAULT_PREFIX } from '@gatehouse/stats-wire';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { optionsFromEnv } from '../../src/bootstrap';
import { startStatsFixture, type StatsFixture } from '../statistics/stats-harness';
import { keysUnder, removeKeysUnder } from '../stats-shipping/shipped-reports';
import { StatsWorkerProcess } from '../support/stats-worker-process';

// 20 s, under jest's 30-s test timeout, so a failure names what it waited for.
async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A gateway and a worker given, through their environments, the same non-default prefix and
// queue: the worker takes the jobs the gateway queued and finds the bodies it wrote, and the
// gateway's cluster statistics read the series the worker folded. A gateway still on the default
// queue would feed only the workers there (none, or one of another run and prefix), so the count
// would never arrive.
describeWith('redis')('GATEWAY_STATS_KEY_PREFIX and GATEWAY_STATS_QUEUE equal to the worker\'s STATS_KEY_PREFIX and STATS_QUEUE', () => {
  const run = `test-prefix-${process.pid}-${Date.now() % 100000}`;
  const keyPrefix = `${run}:stats`;
  const queueName = run; // its own queue: a worker of another run (another prefix) must not take these jobs
  const group = run; // its own group too: nothing another run left under the default prefix is seen
  let worker: StatsWorkerProcess | undefined;
  let node: StatsFixture | undefined;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    redis = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: null });
    queue = new Queue(queueName, { connection: redis });
    worker = await StatsWorkerProcess.start({ STATS_REDIS_URL: serviceUrl('redis'), STATS_QUEUE: queueName, STATS_KEY_PREFIX: keyPrefix });
    const env = { GATEWAY_STATS_REDIS_URL: serviceUrl('redis'), GATEWAY_STATS_KEY_PREFIX: keyPrefix, GATEWAY_STATS_QUEUE: queueName, GATEWAY_CLUSTER_GROUP: group, GATEWAY_NODE_NAME: 'gw-p' };
    const { statsShipping } = optionsFromEnv(env); // the gateway's own reading of its environment
    if (statsShipping === undefined) throw new Error('stats shipping is off');
    node = await startStatsFixture(0, 3, { statsShipping });
  });

  afterAll(async () => {
    await node?.close();
    await worker?.stop();
    await queue.obliterate({ force: true });
    await queue.close();
    await removeKeysUnder(redis, keyPrefix);
    redis.disconnect();
  });

  it('ships the bodies under the prefix to the queue, and the cluster statistics answer from the series folded under the prefix', async () => {
    const f = node!;
    for (let i = 0; i < 12; i++) expect((await fetch(`${f.dataUrl}/api/x`)).status).toBe(200);
    f.gw.gateway.statistics.tick();
    const count = `/cluster/statistics/v1/${group}/pipelines/api/indicators/EXECUTION_COUNT_ALL/value`;
    await until('the report folded', async () => {
      const r = await f.get(count);
      return r.status === 200 && (r.body as { value: number }).value === 12;
    });
    expect((await f.get(`/cluster/statistics/v1/${group}/pipelines`)).body).toEqual({ pipelines: ['api'] });
    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 }); // none as STATS_MISSING_BODY
    const keys = await keysUnder(redis, `${keyPrefix}:{${group}}`);
    expect(keys).toContain(`${keyPrefix}:{${group}}:catalog`);
    expect(keys.filter((k) => k.includes(':body:'))).toEqual([]); // the fold took the body it found
    expect(await keysUnder(redis, `${DEFAULT_PREFIX}:{${group}}`)).toEqual([]);
  });
});
