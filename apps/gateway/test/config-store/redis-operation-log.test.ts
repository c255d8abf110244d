import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { replay, type StoredConfig } from '../../src/config-store/config-store';
import type { PluginSpec } from '../../src/engine/types';
import type { Operation } from '../../src/config-store/operation';
import { MalformedOperationError, RedisOperationLog } from '../../src/cluster/redis-operation-log';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { describeConfigStoreContract } from './config-store-contract';

/** Every client and key prefix of this file, cleaned up at the end. */
const clients: Redis[] = [];
const prefix = `gatehouse:test:${randomUUID()}:`;
function client(): Redis {
  const r = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: 1 });
  clients.push(r);
  return r;
}
let groups = 0;

describeConfigStoreContract('RedisOperationLog', describeWith('redis'), {
  sharedWriters: true,
  fresh: async () => new RedisOperationLog(client(), `g${++groups}`, { prefix }),
  reopen: async (s) => new RedisOperationLog(client(), (s as RedisOperationLog).keys.log.match(/\{(.+)\}/)![1]!, { prefix }),
});

afterAll(async () => {
  if (clients.length === 0) return;
  const keys = await clients[0]!.keys(`${prefix}*`);
  if (keys.length > 0) await clients[0]!.del(...keys);
  await Promise.all(clients.map((c) => c.quit()));
});

describeWith('redis')('RedisOperationLog snapshots and compaction', () => {
  const spec = (i: number): PluginSpec => ({ type: 'ThroughputRateLimiter', config: { plugin_name: `l${i}`, tps: '1', timeout_msec: 0 } });
  const op = (i: number): Operation => ({ type: 'create_plugin', spec: spec(i) });

  it('snapshots every N operations and trims the log behind it, keeping a tail; a reader loads snapshot + tail', async () => {
    const redis = client();
    const log = new RedisOperationLog(redis, 'snap', { prefix, snapshotEvery: 10, keepBeforeSnapshot: 3 });
    let config: StoredConfig = { plugins: [], pipelines: [] };
    for (let i = 1; i <= 25; i++) {
      config = { ...config, plugins: [...config.plugins, spec(i)] };
      await log.append(i, op(i), config);
    }
    expect(await redis.xlen(log.keys.log)).toBe(25 - 20 + 3); // trimmed to 3 before the snapshot at 20
    const loaded = await log.load();
    expect(loaded.snapshotSeq).toBe(20);
    expect(loaded.operations.map((o) => o.seq)).toEqual([21, 22, 23, 24, 25]);
    expect(replay(loaded).config).toEqual(config);
    // A reader at 18 still finds 19… in the tail; one at 5 gets the snapshot instead.
    const near = await log.since(18);
    expect([near.fromSnapshot, near.operations[0]?.seq]).toEqual([false, 19]);
    const far = await log.since(5);
    expect([far.fromSnapshot, far.snapshotSeq]).toEqual([true, 20]);
  });

  it('reports a malformed operation with its number instead of skipping it', async () => {
    const redis = client();
    const log = new RedisOperationLog(redis, 'bad', { prefix });
    await log.append(1, op(1), { plugins: [], pipelines: [] });
    await redis.xadd(log.keys.log, '2-0', 'op', '{"type":"drop_everything"}');
    await redis.set(log.keys.seq, 2);
    await expect(log.load()).rejects.toBeInstanceOf(MalformedOperationError);
    await expect(log.load()).rejects.toMatchObject({ seq: 2, message: expect.stringMatching(/unknown operation type "drop_everything"/) });
    const behind = await log.since(1);
    expect(behind.operations).toEqual([]);
    expect(behind.fault).toMatchObject({ seq: 2, message: expect.stringMatching(/unknown operation type "drop_everything"/) });
  });

  it('hands a reader behind a malformed operation the readable ones in front of it, and says where it stopped', async () => {
    const redis = client();
    const log = new RedisOperationLog(redis, 'bad-tail', { prefix });
    for (let i = 1; i <= 3; i++) await log.append(i, op(i), { plugins: [], pipelines: [] });
    await redis.xadd(log.keys.log, '4-0', 'op', 'not json');
    await redis.set(log.keys.seq, 4);
    await log.append(5, op(5), { plugins: [], pipelines: [] });
    const behind = await log.since(1);
    expect(behind.operations.map((o) => o.seq)).toEqual([2, 3]);
    expect(behind.fault).toBeInstanceOf(MalformedOperationError);
    expect(behind.fault?.seq).toBe(4);
    // A gap is a fault at the missing number, too.
    await redis.xdel(log.keys.log, '4-0');
    const gap = await log.since(2);
    expect([gap.operations.map((o) => o.seq), gap.fault?.seq]).toEqual([[3], 4]);
    const clean = await log.since(5);
    expect([clean.operations, clean.fault]).toEqual([[], undefined]);
  });
});
