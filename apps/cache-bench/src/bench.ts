// Slide 30 rerun over HTTP. The page server runs in a child process; autocannon drives it from
// this process over loopback. Every round runs every variant, in a rotated order, and the report
// gives per-variant medians of requests/s and the ratios the issue sets targets for.
import { type ChildProcess, fork } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchFlags } from './bench-flags';
import { median, rotate } from './stats';

const USAGE = `Usage: node dist/bench.js [--quick] [--rounds N] [--seconds N] [--warmup N] [--connections N]

The slide-30 rerun: one page served over HTTP from PostgreSQL, Redis, a byte cache and the object
cache (a child process), loaded by autocannon in rotated rounds; prints medians and ratios.
Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).

  --quick            1 round, no warm-up (pnpm bench)
  --rounds N         rounds (default 10)
  --seconds N        seconds per variant per round (default 1)
  --warmup N         warm-up seconds per variant (default 1)
  --connections N    autocannon connections (default 32)
  -h, --help         print this and exit
  -V, --version      print the version and exit
`;

interface Ready {
  type: 'ready';
  port: number;
  bytes: number;
  variants: { route: string; label: string }[];
}

/** Bench settings from the command line. */
interface Settings {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

function settings(argv: readonly string[]): Settings {
  const quick = argv.includes('--quick');
  // autocannon ticks once a second: durations are whole seconds.
  const value = (name: string, fallback: number, min: number): number => {
    const i = argv.indexOf(name);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} needs an integer >= ${min}`);
    return n;
  };
  return {
    rounds: value('--rounds', quick ? 1 : 10, 1),
    seconds: value('--seconds', 1, 1),
    warmupSeconds: value('--warmup', quick ? 0 : 1, 0),
    connections: value('--connections', 32, 1),
  };
}

function startServer(): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(join(__dirname, 'server-main.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`page server exited with code ${code}`)));
    child.on('message', (msg: { type: string; message?: string }) => {
      if (msg.type === 'ready') resolve({ child, ready: msg as Ready });
      if (msg.type === 'failed') reject(new Error(`page server failed: ${msg.message}`));
    });
  });
}

/** One measured run: wall-clock requests/s and server CPU microseconds per request. */
interface Sample {
  rps: number;
  cpuMicrosPerRequest: number;
}

function serverCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (msg: { type: string; micros?: number }): void => {
      if (msg.type !== 'cpu') return;
      child.off('message', onMessage);
      resolve(msg.micros!);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

async function load(child: ChildProcess, url: string, seconds: number, connections: number): Promise<Sample> {
  const cpuBefore = await serverCpuMicros(child);
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  const cpu = (await serverCpuMicros(child)) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.total / result.duration, cpuMicrosPerRequest: cpu / Math.max(1, result.requests.total) };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

async function main(argv: string[]): Promise<void> {
  const s = settings(argv);
  const { child, ready } = await startServer();
  const base = `http://127.0.0.1:${ready.port}`;
  const runs = new Map<string, Sample[]>(ready.variants.map((v) => [v.route, []]));
  try {
    if (s.warmupSeconds > 0) for (const v of ready.variants) await load(child, base + v.route, s.warmupSeconds, s.connections);
    for (let round = 0; round < s.rounds; round++) {
      for (const v of rotate(ready.variants, round)) runs.get(v.route)!.push(await load(child, base + v.route, s.seconds, s.connections));
    }
  } finally {
    child.send('stop');
  }

  const samples = new Map([...runs].map(([route, list]) => [route, list.map((r) => r.rps)]));
  const cpu = new Map([...runs].map(([route, list]) => [route, median(list.map((r) => r.cpuMicrosPerRequest))]));
  const med = new Map([...samples].map(([route, values]) => [route, median(values)]));
  const at = (route: string): number => med.get(route)!;
  const e = at('/e-constant');
  console.log(`\nColumn home page: ${ready.bytes} bytes of JSON, 1 column + 20 article keys`);
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${s.connections} connections,`);
  console.log(`${s.rounds} round(s) x ${s.seconds}s per variant, order rotated each round; server in a child process\n`);
  console.log('| variant | req/s (median) | samples | vs (e) | server CPU µs/request (median) | requests per server CPU-second |');
  console.log('|---|---:|---|---:|---:|---:|');
  for (const v of ready.variants) {
    const us = cpu.get(v.route)!;
    console.log(`| ${v.label} | ${fmt(at(v.route))} | ${samples.get(v.route)!.map(fmt).join(', ')} | ${ratio(at(v.route), e)} | ${us.toFixed(1)} | ${fmt(1e6 / us)} |`);
  }
  // Ratios within a round compare runs a few seconds apart, which cancels most of the drift of a
  // shared machine; their median is the figure the targets are judged on.
  const paired = (a: string, b: string): number => median(samples.get(a)!.map((x, r) => x / samples.get(b)![r]!));
  const targets: Array<[string, string, string, number]> = [
    ['(d) / (e)', '/d-object', '/e-constant', 0.85],
    ['(d) / (b)', '/d-object', '/b-redis', 2.5],
    ['(d) / (a)', '/d-object', '/a-postgres', 8],
    ['(d2) / (e)', '/d2-object-fragments', '/e-constant', 0.85],
    ['(d2) / (b)', '/d2-object-fragments', '/b-redis', 2.5],
    ['(d2) / (a)', '/d2-object-fragments', '/a-postgres', 8],
    ['(c) / (b)', '/c-bytes', '/b-redis', 0],
    ['(d) / (c)', '/d-object', '/c-bytes', 0],
  ];
  // Server CPU per request does not depend on how much CPU other processes took: a cross-check.
  const cpuRatio = (a: string, b: string): string => ratio(cpu.get(b)!, cpu.get(a)!);
  console.log('\n| ratio | median of per-round ratios | ratio of medians | target | met | by server CPU per request |');
  console.log('|---|---:|---:|---:|---|---:|');
  for (const [name, a, b, target] of targets) {
    const value = paired(a, b);
    const met = target === 0 ? '' : value >= target ? 'yes' : 'no';
    console.log(`| ${name} | ${value.toFixed(2)}x | ${ratio(at(a), at(b))} | ${target === 0 ? '' : `>= ${target}x`} | ${met} | ${cpuRatio(a, b)} |`);
  }
}

const argv = process.argv.slice(2);
const flags = benchFlags(argv, 'gatehouse-cache-bench', USAGE, ['rounds', 'seconds', 'warmup', 'connections'], ['quick']);
if ('exit' in flags) {
  process.exitCode = flags.exit;
} else {
  main(argv).catch((err: unknown) => {
    console.error(`cache-bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
