// Folding throughput and merged-percentile accuracy of the stats worker (issue 13's figures).
// Needs Redis (REDIS_URL, default 127.0.0.1:6379; use a private one, see docs/benchmarks.md);
// writes under its own prefix and queues, then deletes them. `--quick` runs one round (turbo's
// `bench`), the default three; `--processes N` also runs N worker processes (dist/main.js) at once.
import { seededRandom } from '@gatehouse/foundation';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { decodeReport, decodeReportBody, encodeReport, LatencySketch, partsFromHash, reportClaim, SeriesLayout, TICK_MS, type EncodedReport, type TickReport } from '@gatehouse/stats-wire';
import { freePort } from '@gatehouse/test-support';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { loadConfig } from '../config/worker-config';
import type { BatchSettings } from '../fold/batch-folder';
import { FoldPlan } from '../fold/fold-plan';
import { foldGroup, type FoldSettings } from '../fold/group-folder';
import { StatsConsumer } from '../queue/stats-consumer';
import { asClaim, asVersion1, lognormal, wideReport } from './synthetic-reports';

const quick = process.argv.includes('--quick');
/** The number after `--name` on the command line, else `dflt`. */
function numberArg(name: string, dflt: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : dflt;
}
const PROCESSES = numberArg('--processes', 2);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const JOBS = numberArg('--jobs', 6000);
const ROUNDS = quick ? 1 : 3;
/** Distinct report bodies; jobs reuse them under their own node and tick (the fold cost is the same). */
const BODIES = 40;
const id = `${process.pid}-${Date.now()}`;
const prefix = `bench:stats:${id}`;
/** The worker's defaults unless `--batch N` / `--concurrency N` say otherwise. */
const defaults = loadConfig({});
const settings: FoldSettings & BatchSettings = { ...defaults.fold, prefix, batchSize: numberArg('--batch', defaults.fold.batchSize), batchWaitMs: 50 };
const CONCURRENCY = numberArg('--concurrency', defaults.consumer.concurrency);

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
const ALL_SHAPES: Shape[] = [
  { name: 'fleet: 1,000 nodes, 10 samples per series per tick', nodes: 1000, samples: 10 },
  { name: 'fleet: 1,000 nodes, 100 samples per series per tick', nodes: 1000, samples: 100 },
  { name: 'fleet: 1,000 nodes, 1,000 samples per series per tick', nodes: 1000, samples: 1000 },
  { name: `backlog: 10 nodes × ${JOBS / 10} ticks, 100 samples per series per tick`, nodes: 10, samples: 100 },
];
/** `--only <text>`: the shapes whose name holds it. */
const only = process.argv.indexOf('--only');
const SHAPES = only > 0 ? ALL_SHAPES.filter((s) => s.name.includes(process.argv[only + 1]!)) : ALL_SHAPES;

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
  // INFO cpu moves in steps of about 10 ms: below a few steps Redis did no work worth a ratio.
  const redisSeconds = (await redisCpu(redis)) - r0;
  p.redisCpu.push(redisSeconds < 0.05 ? Number.NaN : JOBS / redisSeconds);
}

/** The median of the numbers among `xs` (NaN: none). */
function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)]!;
}

/** JOBS reports of 50 pipelines × 4 plugins from `nodes` nodes, node after node within a tick. */
function makeReports(group: string, firstTick: number, nodes: number, bodies: readonly EncodedReport[]): EncodedReport[] {
  return Array.from({ length: JOBS }, (_, i) => ({ ...bodies[i % bodies.length]!, g: group, n: `node-${i % nodes}`, t: firstTick + Math.floor(i / nodes) }));
}

/** Queues `reports` as gateways ship them: each body SET at its key, then a claim; or (`inline`) as version-2 jobs holding their body. */
async function enqueue(queue: Queue, redis: Redis, reports: readonly EncodedReport[], inline: boolean): Promise<void> {
  for (let i = 0; i < reports.length; i += 500) {
    const chunk = reports.slice(i, i + 500);
    const claims = inline ? [] : chunk.map((r) => asClaim(r, prefix));
    if (!inline) await setBodies(redis, claims);
    await queue.addBulk(chunk.map((r, j) => ({ name: 'tick', data: inline ? r : claims[j]!.claim, opts: { jobId: `${r.g}:${r.n}:${r.t}`, removeOnComplete: true } })));
  }
}

async function setBodies(redis: Redis, claims: readonly ReturnType<typeof asClaim>[]): Promise<void> {
  const tx = redis.pipeline();
  for (const c of claims) tx.set(c.key, c.body, 'EX', 3600);
  await tx.exec();
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
      env: {
        ...process.env,
        STATS_REDIS_URL: REDIS_URL,
        STATS_QUEUE: queueName,
        STATS_KEY_PREFIX: prefix,
        STATS_WORKER_PORT: String(port),
        STATS_WORKER_LOG_LEVEL: 'warn',
        STATS_WORKER_BATCH_SIZE: String(settings.batchSize),
        STATS_WORKER_CONCURRENCY: String(CONCURRENCY),
      },
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
  inline: Phase;
  consumer: Phase;
  processes: Phase;
  rereads: number[];
}

async function throughput(redis: Redis, shape: Shape, round: number): Promise<ShapeResult> {
  const bodies = bodiesOf(shape.samples);
  const result: ShapeResult = { shape, decode: phase(), plan: phase(), fold: phase(), noop: phase(), inline: phase(), consumer: phase(), processes: phase(), rereads: [] };
  const tick0 = Math.floor(Date.now() / TICK_MS) - 600;
  const group = `g${round}-${shape.nodes}-${shape.samples}`;
  const reports = makeReports(group, tick0, shape.nodes, bodies);
  const raw = reports.map((r) => ({ r, body: Buffer.from(r.b, 'base64') }));
  const decode = (x: (typeof raw)[number]): TickReport => decodeReportBody(x.r.g, x.r.n, x.r.t, x.body, 'on-use');
  // 1. Checking the bodies alone (a claim's body is raw bytes), as the consumer does.
  await measure(result.decode, redis, () => {
    for (const x of raw) decode(x);
  });
  // 2. The in-memory merge alone: a batch's reports into its buckets.
  await measure(result.plan, redis, () => {
    for (let i = 0; i < raw.length; i += settings.batchSize) {
      const plan = new FoldPlan(new SeriesLayout(group, prefix), settings.retention);
      // Each body decoded right before it is merged, as the fold does.
      for (const x of raw.slice(i, i + settings.batchSize)) plan.add(`${x.r.g}:${x.r.n}:${x.r.t}`, decode(x));
      plan.buckets();
    }
  });
  // 3. The whole fold without the queue: fetch the bodies, check, merge, read the buckets, merge with them, one script run per batch.
  await setBodies(redis, reports.map((r) => asClaim(r, prefix)));
  await measure(result.fold, redis, async () => {
    for (let i = 0; i < reports.length; i += settings.batchSize) {
      const batch = reports.slice(i, i + settings.batchSize).map((r) => ({ id: `${r.g}:${r.n}:${r.t}`, claim: reportClaim(r.g, r.n, r.t) }));
      await foldGroup(redis, group, batch, settings);
    }
  });
  // 4. Through BullMQ, jobs queued beforehand: a no-op processor (the queue's own cost), the
  //    consumer in this process with version-2 jobs (body inline: the baseline) and with claims,
  //    then the real worker app in PROCESSES processes.
  for (const mode of ['noop', 'inline', 'consumer', 'processes'] as const) {
    const queueName = `bench-${id}-${round}-${shape.nodes}-${shape.samples}-${mode}`;
    const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection: conn });
    const g = `${group}-${mode}`;
    if (mode !== 'processes') await enqueue(queue, conn, makeReports(g, tick0, shape.nodes, bodies), mode === 'inline');
    const workerConn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const foldRedis = new Redis(REDIS_URL);
    if (mode === 'noop') {
      await measure(result.noop, redis, async () => {
        const w = new Worker(queueName, async () => 'ok', { connection: workerConn, concurrency: CONCURRENCY });
        await untilDrained(queue);
        await w.close();
      });
    } else if (mode === 'consumer' || mode === 'inline') {
      await measure(result[mode], redis, async () => {
        const c = new StatsConsumer(
          workerConn,
          foldRedis,
          { ...defaults.consumer, queueName, concurrency: CONCURRENCY },
          settings,
          { outcome: () => undefined, failed: () => undefined, batch: () => undefined },
          pino({ level: 'silent' }),
        );
        c.start();
        await untilDrained(queue);
        await c.close();
      });
    } else {
      // Warmed up on jobs of another group first (a worker runs for days: its code is optimised),
      // then paused while the measured jobs are queued, so the clock runs only while they fold.
      const workers = await startWorkers(PROCESSES, queueName);
      await enqueue(queue, conn, makeReports(`${g}-warm`, tick0, shape.nodes, bodies).slice(0, 2000), false);
      await untilDrained(queue);
      await queue.pause();
      await enqueue(queue, conn, makeReports(g, tick0, shape.nodes, bodies), false);
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
  const fmt = (x: number): string => (Number.isNaN(x) ? '—' : Math.round(x).toLocaleString('en')).padStart(10);
  for (const shape of SHAPES) {
    const rounds = results.map((r) => r.find((x) => x.shape === shape)!);
    const merged = (k: keyof Omit<ShapeResult, 'shape' | 'rereads'>): Phase => ({ wall: rounds.flatMap((r) => r[k].wall), cpu: rounds.flatMap((r) => r[k].cpu), redisCpu: rounds.flatMap((r) => r[k].redisCpu) });
    const row = (name: string, p: Phase): string => `  ${name.padEnd(50)}${fmt(median(p.wall))}${fmt(median(p.cpu))}${fmt(median(p.redisCpu))}`;
    const size = median(bodiesOf(shape.samples).map((b) => JSON.stringify(b).length));
    const body = median(bodiesOf(shape.samples).map((b) => Buffer.byteLength(b.b, 'base64')));
    const claim = JSON.stringify(asClaim(bodiesOf(shape.samples)[0]!, prefix).claim).length;
    console.log(`\n${shape.name} (a version-2 job: ${size.toLocaleString('en')} bytes; a claim: ${claim} bytes and its ${body.toLocaleString('en')}-byte body) — node-ticks/s, median of ${ROUNDS} round(s) of ${JOBS.toLocaleString('en')} jobs`);
    console.log(`  ${''.padEnd(50)}${'wall'.padStart(10)}${'node-CPU'.padStart(10)}${'redis'.padStart(10)}`);
    console.log(row('check the report bodies', merged('decode')));
    console.log(row(`+ merge (JS) in batches of ${settings.batchSize}`, merged('plan')));
    console.log(row(`+ read, merge, write: the fold, no queue`, merged('fold')));
    console.log(row('BullMQ, no-op processor, claims (baseline)', merged('noop')));
    console.log(row('BullMQ + the consumer, version-2 jobs (inline)', merged('inline')));
    console.log(row('BullMQ + the consumer, claims', merged('consumer')));
    console.log(row(`the worker app, ${PROCESSES} process(es)`, merged('processes')));
    console.log(`  (the app's processes read a batch's buckets again ${median(rounds.flatMap((r) => r.rereads))} times: another had folded into them first)`);
  }
  console.log('  (node-CPU: per CPU second of the bench process, or of the worker processes for the app row;');
  console.log('   redis: per CPU second of Redis, — where it did next to nothing. The machine is shared: these say what a free core each would do.)');
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
