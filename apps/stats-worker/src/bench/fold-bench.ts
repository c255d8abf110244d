// Folding throughput and merged-percentile accuracy of the stats worker (issue 13's figures).
// Needs Redis (REDIS_URL, default 127.0.0.1:6379); writes under its own prefix and queue, then
// deletes them. `--quick` runs fewer jobs (turbo's `bench`). Prints medians of the rounds.
import { decodeReport, DEFAULT_RETENTION, encodeSketch, LatencySketch, partsFromHash, SeriesLayout, TICK_MS, type EncodedReport, type TickReport } from '@gatehouse/stats-wire';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { FoldPlan } from '../fold/fold-plan';
import { foldGroup, type FoldSettings } from '../fold/group-folder';
import { StatsConsumer } from '../queue/stats-consumer';
import { lognormal, rng, wideReport } from './synthetic-reports';

const quick = process.argv.includes('--quick');
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const NODES = 10;
const JOBS = quick ? 100 : 300;
const ROUNDS = quick ? 1 : 3;
const id = `${process.pid}-${Date.now()}`;
const prefix = `bench:stats:${id}`;
const settings: FoldSettings & { batchSize: number; batchWaitMs: number } = { prefix, retention: DEFAULT_RETENTION, dedupeTicks: 1440, batchSize: 128, batchWaitMs: 50 };

/** Redis's own CPU seconds so far (INFO cpu), to tell its share of the time from the worker's. */
async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const get = (k: string): number => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return get('used_cpu_user') + get('used_cpu_sys');
}

interface Phase {
  wall: number[];
  cpu: number[];
  redisCpu: number[];
}
const phase = (): Phase => ({ wall: [], cpu: [], redisCpu: [] });

/** Runs `fn`, recording jobs per wall second, per second of this process's CPU and per second of Redis's CPU. */
async function measure(p: Phase, redis: Redis, fn: () => Promise<void> | void): Promise<void> {
  const r0 = await redisCpu(redis);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  p.wall.push(JOBS / wall);
  p.cpu.push(JOBS / Math.max(cpu, 1e-6));
  p.redisCpu.push(JOBS / Math.max((await redisCpu(redis)) - r0, 1e-6));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** JOBS reports of 50 pipelines × 4 plugins: NODES nodes shipping the same ticks, as a cluster does. */
function makeReports(group: string, firstTick: number): EncodedReport[] {
  const r = rng(1);
  const draw = lognormal(r, 3e6, 0.6);
  return Array.from({ length: JOBS }, (_, i) => wideReport(group, `node-${i % NODES}`, firstTick + Math.floor(i / NODES), 50, 4, draw, 100));
}

async function untilDone(queue: Queue, n: number): Promise<void> {
  for (;;) {
    const c = await queue.getJobCounts('completed', 'failed');
    if ((c['completed'] ?? 0) + (c['failed'] ?? 0) >= n) return;
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function cleanup(redis: Redis): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

async function throughput(redis: Redis): Promise<void> {
  const tick0 = Math.floor(Date.now() / TICK_MS) - 600;
  const sample = makeReports('g0', tick0);
  const bytes = median(sample.map((r) => JSON.stringify(r).length));
  console.log(`job data: 50 pipelines × 4 plugins, 100 samples per series per tick: median ${bytes} bytes of JSON`);
  const decodeP = phase();
  const planP = phase();
  const foldP = phase();
  const noopP = phase();
  const workerP = phase();
  const argCount: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const group = `g${round}`;
    const reports = makeReports(group, tick0);
    const texts = reports.map((r) => JSON.stringify(r));
    let decoded: TickReport[] = [];
    // 1. Parsing and validating the job data alone (BullMQ hands the worker JSON).
    await measure(decodeP, redis, () => {
      decoded = texts.map((t) => decodeReport(JSON.parse(t)));
    });
    // 2. The in-memory plan alone: merging a batch's reports (jobs of one tick share buckets).
    await measure(planP, redis, () => {
      for (let i = 0; i < decoded.length; i += settings.batchSize) {
        const plan = new FoldPlan(new SeriesLayout(group, prefix), settings.retention);
        for (const rep of decoded.slice(i, i + settings.batchSize)) plan.add(`${rep.group}:${rep.node}:${rep.tick}`, rep);
        argCount.push(plan.args().length);
      }
    });
    // 3. The fold: plan + one Lua run per batch of 128.
    await measure(foldP, redis, async () => {
      for (let i = 0; i < decoded.length; i += settings.batchSize) {
        const batch = decoded.slice(i, i + settings.batchSize).map((rep) => ({ id: `${rep.group}:${rep.node}:${rep.tick}`, report: rep }));
        await foldGroup(redis, group, batch, settings);
      }
    });
    // 4. Through BullMQ: a no-op processor (the queue's own cost, the baseline), then the worker's consumer.
    for (const mode of ['noop', 'fold'] as const) {
      const queueName = `bench-${id}-${round}-${mode}`;
      const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue(queueName, { connection: conn });
      const g = `${group}-${mode}`;
      await queue.addBulk(makeReports(g, tick0).map((data) => ({ name: 'tick', data, opts: { jobId: `${g}:${data.n}:${data.t}` } })));
      const workerConn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const foldRedis = new Redis(REDIS_URL);
      let stop: () => Promise<void> = async () => undefined;
      await measure(mode === 'noop' ? noopP : workerP, redis, async () => {
        if (mode === 'noop') {
          const w = new Worker(queueName, async () => 'ok', { connection: workerConn, concurrency: 256 });
          stop = () => w.close();
        } else {
          const c = new StatsConsumer(
            workerConn,
            foldRedis,
            { queueName, concurrency: 256, lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 10 },
            settings,
            { outcome: () => undefined, failed: () => undefined, batch: () => undefined },
            pino({ level: 'silent' }),
          );
          c.start();
          stop = () => c.close();
        }
        await untilDone(queue, JOBS);
      });
      await stop();
      await queue.obliterate({ force: true });
      await queue.close();
      for (const c of [conn, workerConn, foldRedis]) c.disconnect();
    }
  }
  const fmt = (x: number): string => Math.round(x).toLocaleString('en').padStart(8);
  const row = (name: string, p: Phase): string => `  ${name.padEnd(40)}${fmt(median(p.wall))}${fmt(median(p.cpu))}${fmt(median(p.redisCpu))}`;
  console.log(`\nfolding throughput, node-ticks/s, median of ${ROUNDS} round(s) of ${JOBS} jobs from ${NODES} nodes`);
  console.log(`  (per wall second; per CPU second of this process; per CPU second of Redis — the machine is shared,`);
  console.log(`   so the per-CPU figures say what one free core each would do)`);
  console.log(`  ${''.padEnd(40)}${'wall'.padStart(8)}${'node'.padStart(8)}${'redis'.padStart(8)}`);
  console.log(row('parse + validate job data', decodeP));
  console.log(row(`plan (JS merge), ~${Math.round(median(argCount) / 1000)}k script args/batch`, planP));
  console.log(row(`fold (plan + Lua), batches of ${settings.batchSize}`, foldP));
  console.log(row('BullMQ, no-op processor (baseline)', noopP));
  console.log(row('BullMQ + parse + fold (the worker)', workerP));
  console.log(`  the worker runs at ${(median(workerP.wall) / median(noopP.wall)).toFixed(2)} × the no-op baseline's wall rate`);
}

/** Three nodes, different latency distributions and volumes: merged p99 vs the exact p99 of all samples. */
async function accuracy(redis: Redis): Promise<void> {
  const r = rng(99);
  const nodes = [
    { name: 'fast', n: 60_000, draw: lognormal(r, 2e6, 0.4) },
    { name: 'slow', n: 6_000, draw: lognormal(r, 40e6, 0.3) },
    { name: 'bimodal', n: 20_000, draw: () => (r() < 0.8 ? 5e5 + r() * 1e5 : 1.2e8 + r() * 6e7) },
  ];
  const group = 'accuracy';
  const tick = Math.floor(Date.now() / TICK_MS);
  const all: number[] = [];
  const nodeP99: number[] = [];
  const jobs = nodes.map((node) => {
    const values = Array.from({ length: node.n }, node.draw);
    all.push(...values);
    const s = new LatencySketch();
    for (const v of values) s.record(v);
    nodeP99.push(exactQuantile(values, 0.99));
    const data = wideReport(group, node.name, tick, 1, 0, () => 0, 0);
    const enc: EncodedReport = { ...data, p: [['api', [encodeSketch(s), 0], []]] };
    return { id: `${group}:${node.name}:${tick}`, report: decodeReport(enc) };
  });
  await foldGroup(redis, group, jobs, settings);
  const hash = await redis.hgetall(new SeriesLayout(group, prefix).bucketKey('5s', tick, 'api', { kind: 'pipeline' }));
  const merged = LatencySketch.fromParts(partsFromHash(hash, 's')!);
  const exact = exactQuantile(all, 0.99);
  const mergedP99 = merged.quantile(0.99);
  const maxOfP99 = Math.max(...nodeP99);
  const err = (x: number): string => `${(((x - exact) / exact) * 100).toFixed(3)} %`;
  console.log(`\nmerged p99 over 3 nodes (${nodes.map((n) => `${n.name} ${n.n.toLocaleString('en')}`).join(', ')} samples):`);
  console.log(`  exact p99 of all ${all.length.toLocaleString('en')} samples   ${(exact / 1e6).toFixed(3)} ms`);
  console.log(`  merged (folded in Redis) p99        ${(mergedP99 / 1e6).toFixed(3)} ms   error ${err(mergedP99)}`);
  console.log(`  max of the nodes' p99 (Ease Gateway) ${(maxOfP99 / 1e6).toFixed(3)} ms   error ${err(maxOfP99)}`);
}

function exactQuantile(values: number[], q: number): number {
  const s = Float64Array.from(values).sort();
  return s[Math.floor(q * (s.length - 1))]!;
}


async function main(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await accuracy(redis);
    await throughput(redis);
  } finally {
    await cleanup(redis);
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
