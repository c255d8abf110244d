import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { decodeBucketGauges, decodeReport, DEFAULT_RETENTION, encodeReport, GAUGE_FIELD, gaugeValue, SeriesLayout, TICK_MS, type GaugeFold, type PluginGauge } from '@gatehouse/stats-wire';
import { Redis } from 'ioredis';
import { asClaim, report, sketchOf } from '../src/bench/synthetic-reports';
import { foldGroup, type FoldJob, type FoldSettings } from '../src/fold/group-folder';

describeWith('redis')('folding plugin indicator values', () => {
  const prefix = `test:fold-gauges:${process.pid}:${Date.now()}`;
  const settings: FoldSettings = { prefix, retention: DEFAULT_RETENTION, dedupeTicks: 1440 };
  const group = 'green';
  const layout = new SeriesLayout(group, prefix);
  const tick = Math.floor(Date.now() / TICK_MS);
  const limiter = { kind: 'plugin', plugin: 'limiter' } as const;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(serviceUrl('redis'));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  /** Node `i`'s indicators of plugin `limiter`: one of each aggregate. */
  const gaugesOf = (i: number): PluginGauge[] => [
    { name: 'WAIT_QUEUE_LENGTH', aggregate: 'sum', value: [3, 0, 5, 1, 2][i]! },
    { name: 'CIRCUIT_BREAKER_STATE', aggregate: 'max', value: [0, 2, 1, 0, 0][i]! },
    { name: 'FREE_SLOTS', aggregate: 'min', value: [4, -1.5, 7, 9, 0.5][i]! },
    { name: 'UPSTREAM_SHARE', aggregate: 'mean', value: [0.25, 0.5, 0.75, 1, 0][i]! },
  ];

  /** A claimed report of node `n<i>` at `t` (its body stored first), with its indicators. */
  async function claimed(i: number, t: number): Promise<FoldJob> {
    const c = asClaim(report(group, `n${i}`, t, [1e6, 2e6], [], gaugesOf(i)), prefix);
    await redis.set(c.key, c.body, 'EX', 600);
    return { id: `${group}:n${i}:${t}`, claim: c.claim };
  }

  /** A report of node `n<i>` at `t` held in its job (version 2), with its indicators. */
  const held = (i: number, t: number): FoldJob => ({ id: `${group}:n${i}:${t}`, report: decodeReport(report(group, `n${i}`, t, [1e6], [], gaugesOf(i))) });

  const foldsAt = async (key: string): Promise<Map<string, GaugeFold>> => decodeBucketGauges(await redis.hgetBuffer(key, GAUGE_FIELD));
  const asObject = (folds: Map<string, GaugeFold>): Record<string, GaugeFold> => Object.fromEntries(folds);

  it("keeps in the plugin's 5-s bucket each indicator's sum, min, max and nodes over the nodes' reports of the tick, and merges a later batch into it", async () => {
    const first = await foldGroup(redis, group, await Promise.all([0, 1, 2].map((i) => claimed(i, tick))), settings);
    expect([...first.outcomes.values()]).toEqual(['folded', 'folded', 'folded']);
    const key = layout.bucketKey('5s', tick, 'api', limiter);
    const folds = await foldsAt(key);
    expect(asObject(folds)).toEqual({
      WAIT_QUEUE_LENGTH: { aggregate: 'sum', sum: 8, min: 0, max: 5, nodes: 3 },
      CIRCUIT_BREAKER_STATE: { aggregate: 'max', sum: 3, min: 0, max: 2, nodes: 3 },
      FREE_SLOTS: { aggregate: 'min', sum: 9.5, min: -1.5, max: 7, nodes: 3 },
      UPSTREAM_SHARE: { aggregate: 'mean', sum: 1.5, min: 0.25, max: 0.75, nodes: 3 },
    });
    expect([...folds.values()].map(gaugeValue)).toEqual([8, 2, -1.5, 0.5]);

    // Other nodes of the same tick in a later batch, with a redelivered claim (its body is gone): merged into what the bucket holds, the redelivery not.
    const redelivered = { id: `${group}:n0:${tick}`, claim: asClaim(report(group, 'n0', tick, [1e6]), prefix).claim };
    const second = await foldGroup(redis, group, [...(await Promise.all([3, 4].map((i) => claimed(i, tick)))), redelivered], settings);
    expect(Object.fromEntries(second.outcomes)).toEqual({ [`${group}:n3:${tick}`]: 'folded', [`${group}:n4:${tick}`]: 'folded', [redelivered.id]: 'duplicate' });
    expect(asObject(await foldsAt(key))).toEqual({
      WAIT_QUEUE_LENGTH: { aggregate: 'sum', sum: 11, min: 0, max: 5, nodes: 5 },
      CIRCUIT_BREAKER_STATE: { aggregate: 'max', sum: 3, min: 0, max: 2, nodes: 5 },
      FREE_SLOTS: { aggregate: 'min', sum: 19, min: -1.5, max: 9, nodes: 5 },
      UPSTREAM_SHARE: { aggregate: 'mean', sum: 2.5, min: 0, max: 1, nodes: 5 },
    });

    // A tick's values only: the roll-ups and the pipeline's own bucket hold none.
    expect(await redis.hexists(layout.bucketKey('1m', Math.floor(tick / 12), 'api', limiter), GAUGE_FIELD)).toBe(0);
    expect(await redis.hexists(layout.bucketKey('1h', Math.floor(tick / 720), 'api', limiter), GAUGE_FIELD)).toBe(0);
    expect(await redis.hexists(layout.bucketKey('5s', tick, 'api', { kind: 'pipeline' }), GAUGE_FIELD)).toBe(0);
  });

  it('folds the indicators of reports held in their jobs (version 2), alongside claimed ones', async () => {
    const t = tick - 2;
    const { outcomes } = await foldGroup(redis, group, [held(0, t), await claimed(1, t), held(2, t)], settings);
    expect([...outcomes.values()]).toEqual(['folded', 'folded', 'folded']);
    const folds = await foldsAt(layout.bucketKey('5s', t, 'api', limiter));
    expect(folds.get('WAIT_QUEUE_LENGTH')).toEqual({ aggregate: 'sum', sum: 8, min: 0, max: 5, nodes: 3 });
    expect(folds.get('UPSTREAM_SHARE')).toEqual({ aggregate: 'mean', sum: 1.5, min: 0.25, max: 0.75, nodes: 3 });
  });

  it('adds a redelivered job\'s node once: the batch is folded again without it', async () => {
    const t = tick - 4;
    await foldGroup(redis, group, [held(0, t), held(1, t)], settings);
    const { outcomes } = await foldGroup(redis, group, [held(2, t), held(1, t)], settings);
    expect(Object.fromEntries(outcomes)).toEqual({ [`${group}:n2:${t}`]: 'folded', [`${group}:n1:${t}`]: 'duplicate' });
    expect((await foldsAt(layout.bucketKey('5s', t, 'api', limiter))).get('WAIT_QUEUE_LENGTH')).toEqual({ aggregate: 'sum', sum: 8, min: 0, max: 5, nodes: 3 });
  });

  it('writes the 5-s bucket of a plugin that did not run but reports indicators, and no roll-up, total or sketch for it', async () => {
    const t = tick - 6;
    // Pipeline `edge` ran; its plugin `queue` did not, but reports its queue length.
    const idle = (node: string, value: number): ReturnType<typeof encodeReport> =>
      encodeReport({ group, node, tick: t, pipelines: [{ name: 'edge', tasks: { success: sketchOf([3e6]) }, plugins: [{ name: 'queue', runs: {}, gauges: [{ name: 'WAIT_QUEUE_LENGTH', aggregate: 'sum', value }] }] }] });
    const c = asClaim(idle('q0', 4), prefix);
    await redis.set(c.key, c.body, 'EX', 600);
    const { outcomes } = await foldGroup(redis, group, [{ id: `${group}:q0:${t}`, claim: c.claim }, { id: `${group}:q1:${t}`, report: decodeReport(idle('q1', 6)) }], settings);
    expect([...outcomes.values()]).toEqual(['folded', 'folded']);
    const queue = { kind: 'plugin', plugin: 'queue' } as const;
    const key = layout.bucketKey('5s', t, 'edge', queue);
    expect(Object.keys(await redis.hgetall(key)).sort()).toEqual([GAUGE_FIELD, 'v']);
    expect(asObject(await foldsAt(key))).toEqual({ WAIT_QUEUE_LENGTH: { aggregate: 'sum', sum: 10, min: 4, max: 6, nodes: 2 } });
    expect(await redis.exists(layout.bucketKey('1m', Math.floor(t / 12), 'edge', queue), layout.bucketKey('1h', Math.floor(t / 720), 'edge', queue))).toBe(0);
    expect(await redis.exists(layout.totalKey('edge', queue))).toBe(0);
    // Catalogued like any plugin the pipeline lists; the pipeline's tasks counted as ever.
    expect(await redis.hget(layout.pluginsKey('edge'), 'queue')).toBe(String(t));
    expect(await redis.hget(layout.totalKey('edge', { kind: 'pipeline' }), 's.n')).toBe('2');
  });

  it('refuses to merge into indicator folds the fold did not write, and writes nothing', async () => {
    const t = tick - 8;
    const key = layout.bucketKey('5s', t, 'api', limiter);
    await redis.hset(key, GAUGE_FIELD, 'not a fold');
    const job = held(0, t);
    await expect(foldGroup(redis, group, [job], settings)).rejects.toMatchObject({ code: 'SW_MALFORMED_BUCKET' });
    expect(await redis.zscore(layout.appliedKey, job.id)).toBeNull();
    expect(await redis.hgetall(key)).toEqual({ [GAUGE_FIELD]: 'not a fold' });
  });
});
