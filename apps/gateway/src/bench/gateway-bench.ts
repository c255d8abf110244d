import autocannon from 'autocannon';
import { rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEntryFlags } from '../cli/entry-flags';
import { forkChild, type BenchChild } from './child';
import { writeDocSection } from './doc-section';
import { fmt, median } from './stats';

/**
 * `pnpm bench:gateway`: DIRECT to the backend, THROUGH the gateway (statistics on and off, access
 * log on),
 * THROUGH a minimal node:http + undici proxy, THROUGH @fastify/http-proxy — alternating rounds in
 * one run, keep-alive, 50 connections — then 1 vs 1,000 pipelines after warm-up, and RSS with
 * 1,000 pipelines of 4 plugins that have all served traffic. Prints medians and ratios and
 * rewrites the gateway section of docs/benchmarks.md.
 */
interface Round {
  rps: number;
  p50: number;
  p99: number;
  cpuPerReq: number;
}

const USAGE = `Usage: node dist/bench/gateway-bench.js [--quick]   (pnpm bench:gateway)

Runs the gateway benchmark on loopback: direct, through the gateway, through a minimal proxy and
through @fastify/http-proxy in alternating rounds; routing cost; RSS with 1,000 pipelines. Prints
medians and ratios and rewrites the gateway section of docs/benchmarks.md (not with --quick).

  --quick        2 rounds of 2 s (the smoke run of pnpm bench) instead of 5 of 5 s
  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

const flags = parseEntryFlags(process.argv.slice(2), {
  name: 'gatehouse-gateway-bench',
  usage: USAGE,
  options: { quick: { type: 'boolean' } },
});
const quick = !('exit' in flags) && flags.values['quick'] === true;
const ROUNDS = quick ? 2 : 5;
const SECONDS = quick ? 2 : 5;
const CONNECTIONS = 50;

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
}

async function measure(url: string, charged: BenchChild | undefined): Promise<Round> {
  const before = charged ? await charged.cpuMicros() : 0;
  const r = await load(url, SECONDS);
  const after = charged ? await charged.cpuMicros() : 0;
  const total = r.requests.total;
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuPerReq: charged && total > 0 ? (after - before) / total : 0 };
}

/**
 * Median over rounds of `a`'s req/s ÷ `b`'s in the same round: the two ran back to back, so a
 * round's ratio cancels most of the machine's drift, which a ratio of medians does not.
 */
function roundRatio(a: readonly Round[], b: readonly Round[]): number {
  return median(a.map((r, i) => r.rps / b[i]!.rps));
}

function summarize(rounds: Round[]): Round {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpuPerReq: median(rounds.map((r) => r.cpuPerReq)),
  };
}

async function main(): Promise<void> {
  const backend = await forkChild('backend-server.js', []);
  const backendUrl = `http://127.0.0.1:${backend.port}`;
  const gateway = await forkChild('target-process.js', ['gateway', backendUrl, '1']);
  const noStats = await forkChild('target-process.js', ['gateway', backendUrl, '1', '--no-statistics']);
  const accessLogFile = join(tmpdir(), `gatehouse-bench-access-${process.pid}.log`);
  const accessLogged = await forkChild('target-process.js', ['gateway', backendUrl, '1', '--access-log', accessLogFile]);
  const minimal = await forkChild('target-process.js', ['minimal', backendUrl]);
  const fastify = await forkChild('target-process.js', ['fastify', backendUrl]);
  const targets: [string, string, BenchChild | undefined][] = [
    ['DIRECT', `${backendUrl}/bench/item`, undefined],
    ['gateway', `http://127.0.0.1:${gateway.port}/bench/item`, gateway],
    ['gateway, statistics off', `http://127.0.0.1:${noStats.port}/bench/item`, noStats],
    ['gateway, access log on', `http://127.0.0.1:${accessLogged.port}/bench/item`, accessLogged],
    ['minimal proxy', `http://127.0.0.1:${minimal.port}/bench/item`, minimal],
    ['@fastify/http-proxy', `http://127.0.0.1:${fastify.port}/bench/item`, fastify],
  ];
  const results = new Map<string, Round[]>(targets.map(([n]) => [n, []]));
  for (const [, url] of targets) await load(url, 1); // warm up JIT and pools
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no target always runs first on a warm or cold machine.
    for (let k = 0; k < targets.length; k++) {
      const [name, url, child] = targets[(k + round) % targets.length]!;
      results.get(name)!.push(await measure(url, child));
    }
  }
  for (const c of [gateway, noStats, accessLogged, minimal, fastify]) c.stop();
  rmSync(accessLogFile, { force: true });

  // Routing cost and memory: the same measured route with 1 and with 1,000 pipelines configured,
  // in steady state: both warmed up after the configuration burst before any round counts.
  const one = await forkChild('target-process.js', ['gateway', backendUrl, '1']);
  const many = await forkChild('target-process.js', ['gateway', backendUrl, '1000']);
  for (const c of [one, many]) await load(`http://127.0.0.1:${c.port}/bench/item`, quick ? 1 : 5);
  const routeRounds: Record<string, Round[]> = { '1 route': [], '1,000 routes': [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order: [string, BenchChild][] = round % 2 ? [['1,000 routes', many], ['1 route', one]] : [['1 route', one], ['1,000 routes', many]];
    for (const [name, child] of order) routeRounds[name]!.push(await measure(`http://127.0.0.1:${child.port}/bench/item`, child));
  }
  // Every one of the 1,000 pipelines serves traffic, so each has full statistics windows.
  await touchAllRoutes(many.port, 1000);
  const rss1000 = await many.rssBytes();
  const rss1 = await one.rssBytes();
  for (const c of [one, many, backend]) c.stop();

  const s = new Map([...results].map(([n, rs]) => [n, summarize(rs)]));
  const direct = s.get('DIRECT')!;
  const gw = s.get('gateway')!;
  const off = s.get('gateway, statistics off')!;
  const logged = s.get('gateway, access log on')!;
  const rounds = (name: string): Round[] => results.get(name)!;
  const min = s.get('minimal proxy')!;
  const fst = s.get('@fastify/http-proxy')!;
  const r1 = summarize(routeRounds['1 route']!);
  const r1000 = summarize(routeRounds['1,000 routes']!);
  const lines: string[] = [];
  lines.push(`| target | req/s (median) | p50 ms | p99 ms | CPU µs/req | × DIRECT |`);
  lines.push(`|---|---:|---:|---:|---:|---:|`);
  for (const [name, r] of s) {
    lines.push(`| ${name} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.cpuPerReq ? fmt(r.cpuPerReq, 1) : '—'} | ${fmt(r.rps / direct.rps, 2)} |`);
  }
  lines.push('');
  lines.push('Ratios are medians of per-round ratios (each round runs every target back to back).');
  lines.push('');
  lines.push(`- gateway ÷ minimal proxy: **${fmt(roundRatio(rounds('gateway'), rounds('minimal proxy')), 2)}×** (target ≥ 0.8)`);
  lines.push(`- gateway ÷ @fastify/http-proxy: **${fmt(roundRatio(rounds('gateway'), rounds('@fastify/http-proxy')), 2)}×** (target ≥ 1.3)`);
  lines.push(`- gateway CPU per proxied request: **${fmt(gw.cpuPerReq, 1)} µs** (target ≤ 60; minimal proxy ${fmt(min.cpuPerReq, 1)}, fastify ${fmt(fst.cpuPerReq, 1)})`);
  lines.push(`- statistics on ÷ off req/s: **${fmt(roundRatio(rounds('gateway'), rounds('gateway, statistics off')), 2)}×** (target ≥ 0.95); CPU per request added by statistics: **${fmt(gw.cpuPerReq - off.cpuPerReq, 1)} µs** (target ≤ 3)`);
  lines.push(`- access log on ÷ off req/s (every request logged to a file): **${fmt(roundRatio(rounds('gateway, access log on'), rounds('gateway')), 2)}×** (target ≥ 0.90); CPU per request added: **${fmt(logged.cpuPerReq - gw.cpuPerReq, 1)} µs**`);
  lines.push(`- 1,000 pipelines ÷ 1 pipeline, steady state: req/s **${fmt(roundRatio(routeRounds['1,000 routes']!, routeRounds['1 route']!), 2)}×** (${fmt(r1000.rps)} vs ${fmt(r1.rps)}; target ≥ 0.95), CPU per request **${fmt(r1000.cpuPerReq / r1.cpuPerReq, 2)}×** (${fmt(r1000.cpuPerReq, 1)} vs ${fmt(r1.cpuPerReq, 1)} µs; target ≤ 1.05)`);
  lines.push(`- RSS with 1,000 pipelines of 4 plugins, all having served traffic: **${fmt(rss1000 / 1048576, 0)} MB** (1 pipeline: ${fmt(rss1 / 1048576, 0)} MB; target ≤ 300)`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  const report = [
    `Command: \`pnpm bench:gateway${quick ? ' -- --quick' : ''}\` — ${ROUNDS} alternating rounds × ${SECONDS} s, autocannon, ${CONNECTIONS} keep-alive connections, backend/proxies/load generator as separate processes on one machine.`,
    `Machine: ${machine}. Run at ${new Date().toISOString()}.`,
    '',
    ...lines,
  ].join('\n');
  console.log(report);
  if (!quick) writeDocSection('gateway-bench', report);
}

/**
 * Sends requests to every bench route once per 5-s statistics slot for 40 s, so every pipeline's
 * and plugin's latency window is full when memory is read (one pass with --quick).
 */
async function touchAllRoutes(port: number, routes: number): Promise<void> {
  const paths = Array.from({ length: routes }, (_, i) => (i === 0 ? '/bench/item' : `/svc${i}/items/1`));
  for (let pass = 0; pass < (quick ? 1 : 8); pass++) {
    if (pass > 0) await new Promise((r) => setTimeout(r, 5000));
    for (let i = 0; i < paths.length; i += CONNECTIONS) {
      await Promise.all(
        paths.slice(i, i + CONNECTIONS).map(async (p) => {
          const res = await fetch(`http://127.0.0.1:${port}${p}`);
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
        }),
      );
    }
  }
}

if ('exit' in flags) {
  process.exitCode = flags.exit;
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
