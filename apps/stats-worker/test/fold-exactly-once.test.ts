import { seededRandom } from '@gatehouse/foundation';
import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { decodeBucketGauges, decodeReport, DEFAULT_RETENTION, encodeReport, GAUGE_FIELD, LatencySketch, partsFromHash, SeriesLayout, TICK_MS } from '@gatehouse/stats-wire';
import { Redis } from 'ioredis';
import { asClaim, asVersion1, lognormal, report, sketchOf } from '../src/bench/synthetic-reports';
import { foldGroup, type FoldSettings } from '../src/fold/group-folder';

describeWith('redis')('folding reports', () => {
  const prefix = `test:fold:${process.pid}:${Date.now()}`;
  const settings: FoldSettings = { prefix, retention: DEFAULT_RETENTION, dedupeTicks: 1440 };
  const group = 'blue';
  const layout = new SeriesLayout(group, prefix);
  const tick = Math.floor(Date.now() / TICK_MS);
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(serviceUrl('redis'));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const r = seededRandom(7);
  const samples = [lognormal(r, 2e6, 0.5), lognormal(r, 20e6, 0.3), lognormal(r, 200e3, 1)].map((draw) => Array.from({ length: 2000 }, draw));
  const jobs = samples.map((s, i) => ({ id: `${group}:gw-${i}:${tick}`, report: decodeReport(report(group, `gw-${i}`, tick, s, [5e9 + i])) }));

  it('merges nodes exactly: the bucket holds the bins of a sketch of all their samples', async () => {
    const { outcomes } = await foldGroup(redis, group, jobs, settings);
    expect([...outcomes.values()]).toEqual(['folded', 'folded', 'folded']);
    const all = samples.flat();
    const exact = new LatencySketch();
    for (const v of all) exact.record(v);
    for (const res of ['5s', '1m', '1h'] as const) {
      const bucket = res === '5s' ? tick : res === '1m' ? Math.floor(tick / 12) : Math.floor(tick / 720);
      const hash = await redis.hgetallBuffer(layout.bucketKey(res, bucket, 'api', { kind: 'pipeline' }));
      const folded = LatencySketch.fromParts(partsFromHash(hash, 's')!);
      expect([folded.count, folded.min, folded.max]).toEqual([exact.count, Math.round(exact.min), Math.round(exact.max)]);
      expect(folded.sum).toBeCloseTo(exact.sum, -4);
      expect(folded.stdDev / exact.stdDev).toBeCloseTo(1, 6);
      for (const q of [0.5, 0.9, 0.99, 0.999]) expect(folded.quantile(q)).toBe(exact.quantile(q));
      expect(partsFromHash(hash, 'f')).toMatchObject({ count: 3, min: 5e9, max: 5e9 + 2 });
      expect(await redis.ttl(layout.bucketKey(res, bucket, 'api', { kind: 'pipeline' }))).toBeGreaterThan(DEFAULT_RETENTION[res] - 10);
    }
    expect(await redis.hgetall(layout.totalKey('api', { kind: 'plugin', plugin: 'limiter' }))).toEqual({ 's.n': '6000' });
    expect(await redis.hgetall(layout.catalogKey)).toEqual({ api: String(tick) });
    expect(await redis.hgetall(layout.pluginsKey('api'))).toEqual({ limiter: String(tick) });
  });

  it('counts a redelivered job once: alone, it is a duplicate; in a batch with new jobs, only they are folded', async () => {
    const before = await redis.hgetallBuffer(layout.bucketKey('5s', tick, 'api', { kind: 'pipeline' }));
    expect([...(await foldGroup(redis, group, [jobs[1]!], settings)).outcomes.values()]).toEqual(['duplicate']);
    expect(await redis.hgetallBuffer(layout.bucketKey('5s', tick, 'api', { kind: 'pipeline' }))).toEqual(before);

    const fresh = { id: `${group}:gw-9:${tick}`, report: decodeReport(report(group, 'gw-9', tick, [1e6, 1e6])) };
    const { outcomes } = await foldGroup(redis, group, [jobs[0]!, fresh, jobs[2]!, fresh], settings);
    expect(Object.fromEntries(outcomes)).toEqual({ [jobs[0]!.id]: 'duplicate', [jobs[2]!.id]: 'duplicate', [fresh.id]: 'folded' });
    expect(await redis.hget(layout.totalKey('api', { kind: 'pipeline' }), 's.n')).toBe('6002');
    // Folded into a bucket that held data already: merging with what it held is exact too.
    const exact = new LatencySketch();
    for (const v of [...samples.flat(), 1e6, 1e6]) exact.record(v);
    const folded = LatencySketch.fromParts(partsFromHash(await redis.hgetallBuffer(layout.bucketKey('1m', Math.floor(tick / 12), 'api', { kind: 'pipeline' })), 's')!);
    expect(folded.count).toBe(6002);
    for (const q of [0, 0.001, 0.5, 0.99, 1]) expect(folded.quantile(q)).toBe(exact.quantile(q));
  });

  it('folds a version-1 (JSON) report from a node not yet upgraded like its version-2 twin', async () => {
    const t = tick - 2;
    const values = Array.from({ length: 500 }, lognormal(seededRandom(3), 4e6, 0.7));
    const pipelines = [{ name: 'mixed', tasks: { success: sketchOf(values), failure: sketchOf([7e9]) }, plugins: [{ name: 'cache', runs: { success: sketchOf(values.slice(0, 100)) } }] }];
    await foldGroup(redis, group, [{ id: `${group}:old:${t}`, report: decodeReport(asVersion1(group, 'old', t, pipelines)) }], settings);
    await foldGroup(redis, group, [{ id: `${group}:new:${t}`, report: decodeReport(report(group, 'new', t, values, [7e9])) }], settings);
    const folded = LatencySketch.fromParts(partsFromHash(await redis.hgetallBuffer(layout.bucketKey('5s', t, 'mixed', { kind: 'pipeline' })), 's')!);
    const bothNew = LatencySketch.fromParts(partsFromHash(await redis.hgetallBuffer(layout.bucketKey('5s', t, 'api', { kind: 'pipeline' })), 's')!);
    expect(folded.count).toBe(500);
    expect(bothNew.count).toBe(500);
    for (const q of [0.1, 0.5, 0.99]) expect(folded.quantile(q)).toBe(bothNew.quantile(q));
    expect(await redis.hget(layout.totalKey('mixed', { kind: 'plugin', plugin: 'cache' }), 's.n')).toBe('100');
  });

  it('counts every job once when two workers fold into the same buckets at the same time', async () => {
    const t = tick - 20;
    const other = new Redis(serviceUrl('redis'));
    try {
      // Two workers (two connections), each with its own nodes' reports of the same ticks: every
      // round both read the same buckets before either writes, so one of them must read again.
      const limiter = { kind: 'plugin', plugin: 'limiter' } as const;
      const hours = [...new Set(Array.from({ length: 10 }, (_, r) => Math.floor((t + r) / 720)))];
      const counted = async (): Promise<[number, number]> => {
        let inHours = 0;
        for (const h of hours) inHours += partsFromHash(await redis.hgetallBuffer(layout.bucketKey('1h', h, 'api', limiter)), 's')?.count ?? 0;
        return [inHours, Number(await redis.hget(layout.totalKey('api', limiter), 's.n'))];
      };
      const before = await counted();
      let rereads = 0;
      const expected = new LatencySketch();
      for (let round = 0; round < 10; round++) {
        // The tick's 5-s bucket holds indicator folds before both workers read it: the one that reads
        // again must merge its own nodes with what it reads then, not with what it read first as well.
        const early = encodeReport({ group, node: 'early', tick: t + round, pipelines: [{ name: 'api', tasks: {}, plugins: [{ name: 'limiter', runs: {}, gauges: [{ name: 'WIP_REQUEST_COUNT', aggregate: 'sum', value: 100 }] }] }] });
        await foldGroup(redis, group, [{ id: `${group}:early:${t + round}`, report: decodeReport(early) }], settings);
        const batchOf = (worker: string): { id: string; report: ReturnType<typeof decodeReport> }[] =>
          [0, 1, 2].map((n) => {
            const values = Array.from({ length: 50 }, lognormal(seededRandom(round * 10 + n + (worker === 'a' ? 0 : 5)), 1e6 * (n + 1), 0.4));
            for (const v of values) expected.record(v);
            const wip = (n + 1) * (worker === 'a' ? 1 : 10);
            return { id: `${group}:${worker}-${n}:${t + round}`, report: decodeReport(report(group, `${worker}-${n}`, t + round, values, [], [{ name: 'WIP_REQUEST_COUNT', aggregate: 'sum', value: wip }])) };
          });
        const a = batchOf('a');
        const b = batchOf('b');
        const [ra, rb] = await Promise.all([foldGroup(redis, group, a, settings), foldGroup(other, group, b, settings)]);
        rereads += ra.rereads + rb.rereads;
        // The same batch delivered to both workers at once: each job is folded by exactly one of them.
        const again = await Promise.all([foldGroup(redis, group, a, settings), foldGroup(other, group, a, settings)]);
        expect(again.flatMap((r) => [...r.outcomes.values()])).toEqual(Array(6).fill('duplicate'));
      }
      expect(rereads).toBeGreaterThan(0);
      // The hour buckets took every round of both workers, and the totals too: 3,000 samples more.
      const after = await counted();
      expect([after[0] - before[0], after[1] - before[1]]).toEqual([3000, 3000]);
      const ticksOnly = new LatencySketch();
      for (let round = 0; round < 10; round++) {
        const h = await redis.hgetallBuffer(layout.bucketKey('5s', t + round, 'api', limiter));
        ticksOnly.merge(LatencySketch.fromParts(partsFromHash(h, 's')!));
        // Every tick: the early node and both workers' three, each once.
        expect(decodeBucketGauges(h[GAUGE_FIELD])).toEqual(new Map([['WIP_REQUEST_COUNT', { aggregate: 'sum', sum: 100 + 6 + 60, min: 1, max: 100, nodes: 7 }]]));
      }
      expect(ticksOnly.count).toBe(3000);
      for (const q of [0.01, 0.5, 0.9, 0.999]) expect(ticksOnly.quantile(q)).toBe(expected.quantile(q));
    } finally {
      other.disconnect();
    }
  });

  it('refuses to merge into a bucket that holds something the fold did not write, and writes nothing', async () => {
    const t = tick - 6;
    const key = layout.bucketKey('5s', t, 'api', { kind: 'pipeline' });
    await redis.hset(key, 's', 'not a sketch');
    const job = { id: `${group}:gw-x:${t}`, report: decodeReport(report(group, 'gw-x', t, [1e6])) };
    await expect(foldGroup(redis, group, [job], settings)).rejects.toMatchObject({ code: 'SW_MALFORMED_BUCKET' });
    expect(await redis.zscore(layout.appliedKey, job.id)).toBeNull();
    expect(await redis.hgetall(key)).toEqual({ s: 'not a sketch' });
  });

  it('folds the rest of a batch when a report decoded without its bins checked proves malformed', async () => {
    const t = tick - 8;
    const good = [0, 1].map((n) => ({ id: `${group}:ok-${n}:${t}`, report: decodeReport(report(group, `ok-${n}`, t, [1e6, 2e6, 3e6]), { bins: 'on-use' }) }));
    // Pipeline `api`: a success sketch of count 2 whose one bin holds 1 sample — the header is sound.
    const sum = Buffer.alloc(8);
    sum.writeDoubleLE(10);
    const body = Buffer.from([1, 3, 0x61, 0x70, 0x69, 1, 2, 0, ...sum, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 1, 10, 0, 1, 0x00, 0]);
    const bad = { id: `${group}:bad:${t}`, report: decodeReport({ v: 2, g: group, n: 'bad', t, b: body.toString('base64') }, { bins: 'on-use' }) };
    const { outcomes, malformed } = await foldGroup(redis, group, [good[0]!, bad, good[1]!], settings);
    expect(Object.fromEntries(outcomes)).toEqual({ [good[0]!.id]: 'folded', [good[1]!.id]: 'folded' });
    expect([...malformed.keys()]).toEqual([bad.id]);
    expect(malformed.get(bad.id)!.message).toMatch(/bins hold 1 samples, count says 2/);
    const folded = partsFromHash(await redis.hgetallBuffer(layout.bucketKey('5s', t, 'api', { kind: 'pipeline' })), 's')!;
    expect(folded.count).toBe(6);
    expect(await redis.zscore(layout.appliedKey, bad.id)).toBeNull();
  });

  it('folds claimed reports from their bodies, deletes each body with its fold, and tells a redelivered claim from one whose body never came', async () => {
    const t = tick - 10;
    const claims = [0, 1, 2].map((n) => asClaim(report(group, `c-${n}`, t, [1e6, 2e6]), prefix));
    for (const c of claims.slice(0, 2)) await redis.set(c.key, c.body, 'EX', 600);
    const badBody = asClaim(report(group, 'c-bad', t, [1e6]), prefix);
    await redis.set(badBody.key, badBody.body.subarray(0, badBody.body.length - 3), 'EX', 600);
    const held = { id: `${group}:held:${t}`, report: decodeReport(report(group, 'held', t, [5e6])) };
    const jobOf = (c: (typeof claims)[number]): { id: string; claim: (typeof claims)[number]['claim'] } => ({ id: `${group}:${c.claim.n}:${t}`, claim: c.claim });
    const total = async (): Promise<number> => Number(await redis.hget(layout.totalKey('api', { kind: 'pipeline' }), 's.n'));
    const before = await total();

    const first = await foldGroup(redis, group, [jobOf(claims[0]!), held, jobOf(claims[1]!), jobOf(claims[2]!), jobOf(badBody)], settings);
    expect(Object.fromEntries(first.outcomes)).toEqual({ [jobOf(claims[0]!).id]: 'folded', [jobOf(claims[1]!).id]: 'folded', [held.id]: 'folded' });
    expect([...first.missing.keys()]).toEqual([jobOf(claims[2]!).id]);
    expect(first.missing.get(jobOf(claims[2]!).id)).toMatchObject({ code: 'STATS_MISSING_BODY' });
    expect([...first.malformed.keys()]).toEqual([jobOf(badBody).id]);
    expect(await total()).toBe(before + 2 + 2 + 1);
    // Every body read is gone with the fold that counted it (or refused it); none is left to expire.
    expect(await redis.exists(claims[0]!.key, claims[1]!.key, badBody.key)).toBe(0);

    // Delivered again (the worker died before BullMQ completed them): their bodies are gone, they were folded.
    const again = await foldGroup(redis, group, [jobOf(claims[0]!), jobOf(claims[1]!)], settings);
    expect(Object.fromEntries(again.outcomes)).toEqual({ [jobOf(claims[0]!).id]: 'duplicate', [jobOf(claims[1]!).id]: 'duplicate' });
    expect(again.missing.size).toBe(0);
    expect(await total()).toBe(before + 5);
  });
});
