import autocannon from 'autocannon';
import { cpus } from 'node:os';
import { forkChild, type BenchChild } from './child';
import { writeDocSection } from './doc-section';
import { fmt, median } from './stats';

/**
 * `pnpm bench:gateway`: DIRECT to the backend, THROUGH the gateway, THROUGH a minimal node:http +
 * undici proxy, THROUGH @fastify/http-proxy — alternating rounds in one run, keep-alive, 50
 * connections — then routing cost (1 vs 1,000 routes) and RSS with 1,000 pipelines. Prints
 * medians and ratios and rewrites the gateway section of docs/benchmarks.md.
 */
interface Round {
  rps: number;
  p50: number;
  p99: number;
  cpuPerReq: number;
}

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
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
  const minimal = await forkChild('target-process.js', ['minimal', backendUrl]);
  const fastify = await forkChild('target-process.js', ['fastify', backendUrl]);
  const targets: [string, string, BenchChild | undefined][] = [
    ['DIRECT', `${backendUrl}/bench/item`, undefined],
    ['gateway', `http://127.0.0.1:${gateway.port}/bench/item`, gateway],
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
  for (const c of [gateway, minimal, fastify]) c.stop();

  // Routing cost and memory: the same measured route with 1 and with 1,000 pipelines configured.
  const one = await forkChild('target-process.js', ['gateway', backendUrl, '1']);
  const many = await forkChild('target-process.js', ['gateway', backendUrl, '1000']);
  const routeRounds: Record<string, Round[]> = { '1 route': [], '1,000 routes': [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order: [string, BenchChild][] = round % 2 ? [['1,000 routes', many], ['1 route', one]] : [['1 route', one], ['1,000 routes', many]];
    for (const [name, child] of order) routeRounds[name]!.push(await measure(`http://127.0.0.1:${child.port}/bench/item`, child));
  }
  const rss1000 = await many.rssBytes();
  const rss1 = await one.rssBytes();
  for (const c of [one, many, backend]) c.stop();

  const s = new Map([...results].map(([n, rs]) => [n, summarize(rs)]));
  const direct = s.get('DIRECT')!;
  const gw = s.get('gateway')!;
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
  lines.push(`- gateway ÷ minimal proxy: **${fmt(gw.rps / min.rps, 2)}×** (target ≥ 0.8)`);
  lines.push(`- gateway ÷ @fastify/http-proxy: **${fmt(gw.rps / fst.rps, 2)}×** (target ≥ 1.3)`);
  lines.push(`- gateway CPU per proxied request: **${fmt(gw.cpuPerReq, 1)} µs** (target ≤ 60; minimal proxy ${fmt(min.cpuPerReq, 1)}, fastify ${fmt(fst.cpuPerReq, 1)})`);
  lines.push(`- routing: 1,000 routes ÷ 1 route req/s = **${fmt(r1000.rps / r1.rps, 2)}×** (${fmt(r1000.rps)} vs ${fmt(r1.rps)}; target ≥ 0.90), CPU µs/req ${fmt(r1000.cpuPerReq, 1)} vs ${fmt(r1.cpuPerReq, 1)}`);
  lines.push(`- RSS with 1,000 pipelines and routes: **${fmt(rss1000 / 1048576, 0)} MB** (1 pipeline: ${fmt(rss1 / 1048576, 0)} MB; target ≤ 250)`);
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

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
