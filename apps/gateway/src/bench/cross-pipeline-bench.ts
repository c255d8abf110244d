import autocannon from 'autocannon';
import { cpus } from 'node:os';
import { parseEntryFlags } from '../cli/entry-flags';
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

async function main(): Promise<void> {
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
  lines.push(`- hop ÷ one pipeline req/s (median of per-round ratios): **${fmt(median(hop.map((r, i) => r.rps / one[i]!.rps)), 2)}×** (target ≥ 0.9)`);
  lines.push(`- CPU per request added by the hop: **${fmt(median(hop.map((r) => r.cpuPerReq)) - median(one.map((r) => r.cpuPerReq)), 1)} µs**`);
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
