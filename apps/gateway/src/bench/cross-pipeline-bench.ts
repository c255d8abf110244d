import autocannon from 'autocannon';
import { cpus, loadavg } from 'node:os';
import { parseEntryFlags } from '../cli/entry-flags';
import { MemoryConfigStore } from '../config-store/config-store';
import { Gateway } from '../engine/gateway';
import type { LinearPipeline } from '../engine/linear-pipeline';
import { builtinPlugins } from '../plugins';
import { forkChild, type BenchChild } from './child';
import { writeDocSection } from './doc-section';
import { fmt, median } from './stats';

/**
 * `pnpm --filter @gatehouse/gateway bench:hop`: req/s through the cross-pipeline hop (API
 * pipeline → UpstreamOutput → DownstreamInput pipelines → backend) ÷ the same route in one
 * pipeline, alternating rounds in one run (target ≥ 0.9).
 */
const USAGE = `Usage: node dist/bench/cross-pipeline-bench.js [--quick]   (pnpm --filter @gatehouse/gateway bench:hop)

Runs the same route through one pipeline and through the cross-pipeline hop in alternating
rounds (autocannon, 50 keep-alive connections) and prints medians and the ratio; writes the
cross-pipeline section of docs/benchmarks.md (not with --quick).

  --quick        2 rounds of 2 s instead of 5 of 4 s
  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

const flags = parseEntryFlags(process.argv.slice(2), { name: 'gatehouse-hop-bench', usage: USAGE, options: { quick: { type: 'boolean' } } });
const quick = !('exit' in flags) && flags.values['quick'] === true;
const ROUNDS = quick ? 2 : 5;
const SECONDS = quick ? 2 : 4;
const CONNECTIONS = 50;

interface Round {
  rps: number;
  p50: number;
  p99: number;
  cpuPerReq: number;
}

async function measure(url: string, child: BenchChild, seconds = SECONDS): Promise<Round> {
  const before = await child.cpuMicros();
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  const after = await child.cpuMicros();
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuPerReq: r.requests.total > 0 ? (after - before) / r.requests.total : 0 };
}

/** Wall µs per task through `p`, 64 tasks in flight at a time. */
async function usPerTask(p: LinearPipeline, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 64) {
    await Promise.all(Array.from({ length: 64 }, () => new Promise<void>((done) => void p.submit(undefined, (t) => t.addFinishedCallback(() => done())))));
  }
  return Number(process.hrtime.bigint() - start) / n / 1000;
}

/**
 * What the hand-off itself costs, without sockets: tasks through [limiter] against tasks through
 * [limiter → UpstreamOutput] → [DownstreamInput → limiter], in one process, alternating rounds.
 */
async function inProcessHopCost(): Promise<{ direct: number; hop: number }> {
  const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins });
  await gw.start();
  for (const name of ['lim', 'lim-node']) await gw.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: name, tps: '-1' } });
  await gw.createPlugin({ type: 'DownstreamInput', config: { plugin_name: 'from-api', response_data_keys: ['A', 'B', 'C'] } });
  await gw.createPlugin({ type: 'UpstreamOutput', config: { plugin_name: 'up', target_pipelines: ['node'], request_data_keys: ['W', 'X', 'Y', 'Z'] } });
  await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'node', plugin_names: ['from-api', 'lim-node'] } });
  await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'direct', plugin_names: ['lim'] } });
  await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'hop', plugin_names: ['lim', 'up'] } });
  const n = quick ? 20_000 : 100_000;
  const direct: number[] = [];
  const hop: number[] = [];
  await usPerTask(gw.pipeline('direct')!, n);
  await usPerTask(gw.pipeline('hop')!, n);
  for (let r = 0; r < ROUNDS; r++) {
    direct.push(await usPerTask(gw.pipeline('direct')!, n));
    hop.push(await usPerTask(gw.pipeline('hop')!, n));
  }
  await gw.stop();
  return { direct: median(direct), hop: median(hop) };
}

async function main(): Promise<void> {
  const cost = await inProcessHopCost();
  const backend = await forkChild('backend-server.js', []);
  const backendUrl = `http://127.0.0.1:${backend.port}`;
  const targets: [string, BenchChild][] = [
    ['one pipeline', await forkChild('target-process.js', ['gateway', backendUrl, '1'])],
    ['cross-pipeline hop', await forkChild('target-process.js', ['gateway-hop', backendUrl])],
  ];
  const url = (c: BenchChild): string => `http://127.0.0.1:${c.port}/bench/item`;
  for (const [, c] of targets) await measure(url(c), c, 1); // warm up JIT and pools
  const rounds = new Map<string, Round[]>(targets.map(([n]) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < targets.length; k++) {
      const [name, c] = targets[(k + r) % targets.length]!;
      rounds.get(name)!.push(await measure(url(c), c));
    }
  }
  for (const [, c] of targets) c.stop();
  backend.stop();
  const one = rounds.get('one pipeline')!;
  const hop = rounds.get('cross-pipeline hop')!;
  const lines = ['| route | req/s (median) | p50 ms | p99 ms | CPU µs/req |', '|---|---:|---:|---:|---:|'];
  for (const [name, rs] of rounds) {
    lines.push(`| ${name} | ${fmt(median(rs.map((r) => r.rps)))} | ${fmt(median(rs.map((r) => r.p50)), 1)} | ${fmt(median(rs.map((r) => r.p99)), 1)} | ${fmt(median(rs.map((r) => r.cpuPerReq)), 1)} |`);
  }
  lines.push('');
  const ratios = hop.map((r, i) => r.rps / one[i]!.rps);
  lines.push(`- hop ÷ one pipeline req/s (median of per-round ratios): **${fmt(median(ratios), 2)}×** (target ≥ 0.9); per round: ${ratios.map((x) => fmt(x, 2)).join(', ')}`);
  lines.push(`- CPU per request added by the hop: **${fmt(median(hop.map((r) => r.cpuPerReq)) - median(one.map((r) => r.cpuPerReq)), 1)} µs**`);
  lines.push(`- in-process, no sockets (${ROUNDS} rounds, 64 tasks in flight): a task through [limiter] takes **${fmt(cost.direct, 2)} µs**, through [limiter → UpstreamOutput] → [DownstreamInput → limiter] **${fmt(cost.hop, 2)} µs**: the hand-off adds **${fmt(cost.hop - cost.direct, 2)} µs** per request`);
  lines.push(`- load average while it ran: ${loadavg().map((x) => fmt(x, 1)).join(' / ')} (1 / 5 / 15 min) on ${cpus().length} CPUs`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  const report = [
    `Command: \`pnpm --filter @gatehouse/gateway bench:hop${quick ? ' -- --quick' : ''}\` — ${ROUNDS} alternating rounds × ${SECONDS} s, autocannon, ${CONNECTIONS} keep-alive connections; gateway, backend and load generator as separate processes. One pipeline: HTTPServer → HTTPInput → ThroughputRateLimiter → HTTPOutput. Hop: HTTPServer → HTTPInput → ThroughputRateLimiter → UpstreamOutput (round_robin) → 2 × [DownstreamInput → HTTPOutput].`,
    `Machine: ${machine}. Run at ${new Date().toISOString()}.`,
    '',
    ...lines,
  ].join('\n');
  console.log(report);
  if (!quick) writeDocSection('cross-pipeline-bench', report);
}

if ('exit' in flags) {
  process.exitCode = flags.exit;
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
