// Folding throughput and merged-percentile accuracy of the stats worker (issue 13's figures).
// Needs Redis (REDIS_URL, default 127.0.0.1:6379; use a private one, see docs/benchmarks.md);
// writes under its own prefix and queues, then deletes them. `--quick` runs one round (turbo's
// `bench`), the default three; `--processes N` also runs N worker processes (dist/main.js) at once.
import { seededRandom } from '@gatehouse/foundation';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { decodeReport, DEFAULT_RETENTION, encodeReport, LatencySketch, partsFromHash, SeriesLayout, TICK_MS, type EncodedReport, type TickReport } from '@gatehouse/stats-wire';
import { freePort } from '@gatehouse/test-support';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { FoldPlan } from '../fold/fold-plan';
import { foldGroup, type FoldSettings } from '../fold/group-folder';
import { StatsConsumer } from '../queue/stats-consumer';
import { asVersion1, lognormal, wideReport } from './synthetic-reports';

const quick = process.argv.includes('--quick');
const processesArg = process.argv.indexOf('--processes');
const PROCESSES = processesArg > 0 ? Number(process.argv[processesArg + 1]) : 2;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const JOBS = 3000;
const ROUNDS = quick ? 1 : 3;
/** Distinct report bodies; jobs reuse them under their own node and tick (the fold cost is the same). */
const BODIES = 40;
const id = `${process.pid}-${Date.now()}`;
const prefix = `bench:stats:${id}`;
const settings: FoldSettings & { batchSize: number; batchWaitMs: number } = { prefix, retention: DEFAULT_RETENTION, dedupeTicks: 1440, batchSize: 128, batchWaitMs: 50 };

/**
 * How a fleet's reports arrive — many nodes per tick (steady state), or few nodes and many ticks
 * (a backlog replayed after an outage) — and how busy its pipelines are: `samples` per series per
 * tick (100 is 20 requests/s per pipeline; 1,000 fills about as many bins as a latency spread has).
 */
interface Shape {
  name: string;
  nodes: number;
  samples: number;
}
const SHAPES: Shape[] = [
  { name: 'fleet: 1,000 nodes, 10 samples per series per tick', nodes: 1000, samples: 10 },
  { name: 'fleet: 1,000 nodes, 100 samples per series per tick', nodes: 1000, samples: 100 },
  { name: 'fleet: 1,000 nodes, 1,000 samples per series per tick', nodes: 1000, samples: 1000 },
  { name: 'backlog: 10 nodes × 300 ticks, 100 samples per series per tick', nodes: 10, samples: 100 },
];

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

/** Runs `fn`, recording jobs per wall second, per second of this process's CPU (or of `cpuOf`) and per second of Redis's CPU. */
async function measure(p: Phase, redis: Redis, fn: () => Promise<void> | void, cpuOf?: () => Promise<number>): Promise<void> {
  const r0 = await redisCpu(redis);
  const own0 = process.cpuUsage();
  const other0 = cpuOf ? await cpuOf() : 0;
  const t0 = performance.now();
  await fn();
  const wall = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const cpu = cpuOf ? (await cpuOf()) - other0 : (own.user + own.system) / 1e6;
  p.wall.push(JOBS / wall);
  p.cpu.push(JOBS / Math.max(cpu, 1e-6));
  p.redisCpu.push(JOBS / Math.max((await redisCpu(redis)) - r0, 1e-6));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** JOBS reports of 50 pipelines × 4 plugins from `nodes` nodes, node after node within a tick. */
function makeReports(group: string, firstTick: number, nodes: number, bodies: readonly EncodedReport[]): EncodedReport[] {
  return Array.from({ length: JOBS }, (_, i) => ({ ...bodies[i % bodies.length]!, g: group, n: `node-${i % nodes}`, t: firstTick + Math.floor(i / nodes) }));
}

function jobsOf(reports: readonly EncodedReport[]): { name: string; data: EncodedReport; opts: { jobId: string; removeOnComplete: true } }[] {
  return reports.map((data) => ({ name: 'tick', data, opts: { jobId: `${data.g}:${data.n}:${data.t}`, removeOnComplete: true } }));
}

/** Resolves when the queue holds no job waiting, active or delayed; throws if any failed. */
async function untilDrained(queue: Queue): Promise<void> {
  for (;;) {
    const c = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'failed');
    if ((c['failed'] ?? 0) > 0) throw new Error(`${c['failed']} jobs failed`);
    if ((c['wait'] ?? 0) + (c['active'] ?? 0) + (c['delayed'] ?? 0) + (c['prioritized'] ?? 0) === 0) return;
    await new Promise((res) => setTimeout(res, 10));
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


/** `n` worker processes (the real app) on `queueName`, resolved once each answers /health. */
async function startWorkers(n: number, queueName: string): Promise<{ procs: ChildProcess[]; ports: number[]; cpu: () => Promise<number> }> {
  const procs: ChildProcess[] = [];
  const ports: number[] = [];
  const cpuSeconds = new Map<ChildProcess, number>();
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    ports.push(port);
    const proc = fork(join(__dirname, '..', 'main.js'), [], {
      env: { ...process.env, STATS_REDIS_URL: REDIS_URL, STATS_QUEUE: queueName, STATS_KEY_PREFIX: prefix, STATS_WORKER_PORT: String(port), STATS_WORKER_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--require', join(__dirname, 'report-cpu.js')],
    });
    proc.on('message', (m: { cpuSeconds?: number }) => {
      if (typeof m.cpuSeconds === 'number') cpuSeconds.set(proc, m.cpuSeconds);
    });
    procs.push(proc);
    for (let tries = 0; ; tries++) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (tries > 300) throw new Error('a worker process did not start');
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  /** The processes' CPU seconds, asked for over IPC. */
  const cpu = async (): Promise<number> => {
    cpuSeconds.clear();
    for (const p of procs) p.send('cpu?');
    while (cpuSeconds.size < procs.length) await new Promise((res) => setTimeout(res, 2));
    return [...cpuSeconds.values()].reduce((a, b) => a + b, 0);
  };
  return { procs, ports, cpu };
}

/** Batches the processes read again because another one folded into their buckets first. */
async function rereadsOf(ports: readonly number[]): Promise<number> {
  let total = 0;
  for (const port of ports) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
    total += Number(/^stats_worker_fold_rereads_total (\d+)/m.exec(text)?.[1] ?? 0);
  }
  return total;
}

async function stopWorkers(procs: ChildProcess[]): Promise<void> {
  await Promise.all(procs.map((p) => new Promise<void>((resolve) => (p.exitCode !== null ? resolve() : (p.once('exit', () => resolve()), p.kill('SIGTERM'))))));
}

interface ShapeResult {
  shape: Shape;
  decode: Phase;
  plan: Phase;
  fold: Phase;
  noop: Phase;
  consumer: Phase;
  processes: Phase;
  rereads: number[];
}

async function throughput(redis: Redis, shape: Shape, round: number): Promise<ShapeResult> {
  const bodies = bodiesOf(shape.samples);
  const result: ShapeResult = { shape, decode: phase(), plan: phase(), fold: phase(), noop: phase(), consumer: phase(), processes: phase(), rereads: [] };
  const tick0 = Math.floor(Date.now() / TICK_MS) - 600;
  const group = `g${round}-${shape.nodes}-${shape.samples}`;
  const texts = makeReports(group, tick0, shape.nodes, bodies).map((r) => JSON.stringify(r));
  const decode = (t: string): TickReport => decodeReport(JSON.parse(t), { bins: 'on-use' });
  // 1. Parsing and checking the job data alone (BullMQ hands the worker JSON), as the consumer does.
  await measure(result.decode, redis, () => {
    for (const t of texts) decode(t);
  });
  // 2. The in-memory merge alone: a batch's reports into its buckets.
  await measure(result.plan, redis, () => {
    for (let i = 0; i < texts.length; i += settings.batchSize) {
      const plan = new FoldPlan(new SeriesLayout(group, prefix), settings.retention);
      for (const rep of texts.slice(i, i + settings.batchSize).map(decode)) plan.add(`${rep.group}:${rep.node}:${rep.tick}`, rep);
      plan.buckets();
    }
  });
  // 3. The whole fold without the queue: parse, merge, read the buckets, merge with them, one script run per batch.
  await measure(result.fold, redis, async () => {
    for (let i = 0; i < texts.length; i += settings.batchSize) {
      const batch = texts.slice(i, i + settings.batchSize).map((t) => {
        const rep = decode(t);
        return { id: `${rep.group}:${rep.node}:${rep.tick}`, report: rep };
      });
      await foldGroup(redis, group, batch, settings);
    }
  });
  // 4. Through BullMQ, jobs queued beforehand: a no-op processor (the queue's own cost), the
  //    consumer in this process, then the real worker app in PROCESSES processes.
  for (const mode of ['noop', 'consumer', 'processes'] as const) {
    const queueName = `bench-${id}-${round}-${shape.nodes}-${shape.samples}-${mode}`;
    const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection: conn });
    const g = `${group}-${mode}`;
    const jobs = jobsOf(makeReports(g, tick0, shape.nodes, bodies));
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
    const workerConn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const foldRedis = new Redis(REDIS_URL);
    if (mode === 'noop') {
      await measure(result.noop, redis, async () => {
        const w = new Worker(queueName, async () => 'ok', { connection: workerConn, concurrency: 256 });
        await untilDrained(queue);
        await w.close();
      });
    } else if (mode === 'consumer') {
      await measure(result.consumer, redis, async () => {
        const c = new StatsConsumer(
          workerConn,
          foldRedis,
          { queueName, concurrency: 256, lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 10 },
          settings,
          { outcome: () => undefined, failed: () => undefined, batch: () => undefined },
          pino({ level: 'silent' }),
        );
        c.start();
        await untilDrained(queue);
        await c.close();
      });
    } else {
      // Paused while the processes start, so the clock runs only while they fold.
      await queue.pause();
      const workers = await startWorkers(PROCESSES, queueName);
      await measure(
        result.processes,
        redis,
        async () => {
          await queue.resume();
          await untilDrained(queue);
        },
        workers.cpu,
      );
      result.rereads.push(await rereadsOf(workers.ports));
      await stopWorkers(workers.procs);
    }
    await queue.obliterate({ force: true });
    await queue.close();
    for (const c of [conn, workerConn, foldRedis]) c.disconnect();
  }
  return result;
}

function printThroughput(results: ShapeResult[][]): void {
  const v2 = median(bodiesOf(100).map((b) => JSON.stringify(b).length));
  const v1 = JSON.stringify(asVersion1Sample()).length;
  console.log(`\njob data, 50 pipelines × 4 plugins, 100 successes + 1 failure per series: ${v2.toLocaleString('en')} bytes (version 1 JSON of the same tick: ${v1.toLocaleString('en')} bytes)`);
  const fmt = (x: number): string => Math.round(x).toLocaleString('en').padStart(9);
  for (const shape of SHAPES) {
    const rounds = results.map((r) => r.find((x) => x.shape === shape)!);
    const merged = (k: keyof Omit<ShapeResult, 'shape' | 'rereads'>): Phase => ({ wall: rounds.flatMap((r) => r[k].wall), cpu: rounds.flatMap((r) => r[k].cpu), redisCpu: rounds.flatMap((r) => r[k].redisCpu) });
    const row = (name: string, p: Phase): string => `  ${name.padEnd(46)}${fmt(median(p.wall))}${fmt(median(p.cpu))}${fmt(median(p.redisCpu))}`;
    const size = median(bodiesOf(shape.samples).map((b) => JSON.stringify(b).length));
    console.log(`\n${shape.name} (${size.toLocaleString('en')} bytes a job) — node-ticks/s, median of ${ROUNDS} round(s) of ${JOBS.toLocaleString('en')} jobs`);
    console.log(`  ${''.padEnd(46)}${'wall'.padStart(9)}${'node-CPU'.padStart(9)}${'redis'.padStart(9)}`);
    console.log(row('parse + check the job data', merged('decode')));
    console.log(row(`+ merge (JS) in batches of ${settings.batchSize}`, merged('plan')));
    console.log(row(`+ read, merge, write: the fold, no queue`, merged('fold')));
    console.log(row('BullMQ, no-op processor (baseline)', merged('noop')));
    console.log(row('BullMQ + the consumer, this process', merged('consumer')));
    console.log(row(`the worker app, ${PROCESSES} process(es)`, merged('processes')));
    console.log(`  (the app's processes read a batch's buckets again ${median(rounds.flatMap((r) => r.rereads))} times: another had folded into them first)`);
  }
  console.log('  (node-CPU: per CPU second of the bench process, or of the worker processes for the app row;');
  console.log('   redis: per CPU second of Redis. The machine is shared: these say what a free core each would do.)');
}

const bodyCache = new Map<number, EncodedReport[]>();

/** BODIES distinct reports of 50 pipelines × 4 plugins with `samples` successes and one failure per series. */
function bodiesOf(samples: number): EncodedReport[] {
  let bodies = bodyCache.get(samples);
  if (bodies === undefined) {
    const draw = lognormal(seededRandom(samples), 3e6, 0.6);
    bodies = Array.from({ length: BODIES }, (_, i) => wideReport('g', `node-${i}`, 1, 50, 4, draw, samples));
    bodyCache.set(samples, bodies);
  }
  return bodies;
}

/** One tick of the bench's shape in version 1, for the size comparison. */
function asVersion1Sample(): ReturnType<typeof asVersion1> {
  const draw = lognormal(seededRandom(1), 3e6, 0.6);
  const series = (): { success: LatencySketch; failure: LatencySketch } => {
    const success = new LatencySketch();
    for (let i = 0; i < 100; i++) success.record(draw());
    const failure = new LatencySketch();
    failure.record(draw() * 3);
    return { success, failure };
  };
  return asVersion1('g', 'node-0', 1, Array.from({ length: 50 }, (_, i) => ({ name: `pipeline-${i}`, tasks: series(), plugins: Array.from({ length: 4 }, (_, j) => ({ name: `plugin-${j}`, runs: series() })) })));
}

/** Three nodes, different latency distributions and volumes: merged p99 vs the exact p99 of all samples. */
async function accuracy(redis: Redis): Promise<void> {
  const r = seededRandom(99);
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
    const enc = encodeReport({ group, node: node.name, tick, pipelines: [{ name: 'api', tasks: { success: s }, plugins: [] }] });
    return { id: `${group}:${node.name}:${tick}`, report: decodeReport(enc) };
  });
  await foldGroup(redis, group, jobs, settings);
  const hash = await redis.hgetallBuffer(new SeriesLayout(group, prefix).bucketKey('5s', tick, 'api', { kind: 'pipeline' }));
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
    const results: ShapeResult[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const perShape: ShapeResult[] = [];
      for (const shape of SHAPES) perShape.push(await throughput(redis, shape, round));
      results.push(perShape);
    }
    printThroughput(results);
  } finally {
    await cleanup(redis);
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
