import { describeWith, serviceUrl } from '@gatehouse/test-support';
import { decodeReport, DEFAULT_RETENTION, LatencySketch, partsFromHash, SeriesLayout, TICK_MS } from '@gatehouse/stats-wire';
import { Redis } from 'ioredis';
import { lognormal, report, rng } from '../src/bench/synthetic-reports';
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

  const r = rng(7);
  const samples = [lognormal(r, 2e6, 0.5), lognormal(r, 20e6, 0.3), lognormal(r, 200e3, 1)].map((draw) => Array.from({ length: 2000 }, draw));
  const jobs = samples.map((s, i) => ({ id: `${group}:gw-${i}:${tick}`, report: decodeReport(report(group, `gw-${i}`, tick, s, [5e9 + i])) }));

  it('merges nodes exactly: the bucket holds the bins of a sketch of all their samples', async () => {
    const out = await foldGroup(redis, group, jobs, settings);
    expect([...out.values()]).toEqual(['folded', 'folded', 'folded']);
    const all = samples.flat();
    const exact = new LatencySketch();
    for (const v of all) exact.record(v);
    for (const res of ['5s', '1m', '1h'] as const) {
      const bucket = res === '5s' ? tick : res === '1m' ? Math.floor(tick / 12) : Math.floor(tick / 720);
      const hash = await redis.hgetall(layout.bucketKey(res, bucket, 'api', { kind: 'pipeline' }));
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
    const before = await redis.hgetall(layout.bucketKey('5s', tick, 'api', { kind: 'pipeline' }));
    expect([...(await foldGroup(redis, group, [jobs[1]!], settings)).values()]).toEqual(['duplicate']);
    expect(await redis.hgetall(layout.bucketKey('5s', tick, 'api', { kind: 'pipeline' }))).toEqual(before);

    const fresh = { id: `${group}:gw-9:${tick}`, report: decodeReport(report(group, 'gw-9', tick, [1e6, 1e6])) };
    const out = await foldGroup(redis, group, [jobs[0]!, fresh, jobs[2]!, fresh], settings);
    expect(Object.fromEntries(out)).toEqual({ [jobs[0]!.id]: 'duplicate', [jobs[2]!.id]: 'duplicate', [fresh.id]: 'folded' });
    expect(await redis.hget(layout.totalKey('api', { kind: 'pipeline' }), 's.n')).toBe('6002');
  });
});
