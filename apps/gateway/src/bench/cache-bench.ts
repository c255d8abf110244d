import autocannon from 'autocannon';
import { forkChild, type BenchChild } from './child';
import { fmt, median } from './stats';

/**
 * Cached route vs the backend it caches (issue 10 figure): the §2.11 caching recipe in a gateway
 * process, in front of a backend process; autocannon loads the backend directly and the cached
 * route in alternating rounds of one run, and the bench prints the median of the per-round ratio
 * gateway req/s ÷ backend req/s. Two backends: one that renders a 100-item JSON page per request
 * (a small real service) and one that answers a constant (the bare cost of node:http).
 *   node dist/bench/cache-bench.js [--rounds 3] [--seconds 4]
 */
const CONNECTIONS = 50;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function rps(url: string, seconds: number): Promise<number> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function compare(mode: 'page' | 'constant', rounds: number, seconds: number): Promise<void> {
  const children: BenchChild[] = [];
  try {
    const backend = await forkChild('cache-nodes.js', ['backend', mode]);
    children.push(backend);
    const gateway = await forkChild('cache-nodes.js', ['gateway', `http://127.0.0.1:${backend.port}`]);
    children.push(gateway);
    const direct = `http://127.0.0.1:${backend.port}/items/42`;
    const cached = `http://127.0.0.1:${gateway.port}/items/42`;
    await rps(cached, 1); // warm-up: fills the cache, JIT
    await rps(direct, 1);
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const b = await rps(direct, seconds);
      const g = await rps(cached, seconds);
      ratios.push(g / b);
      console.log(`  ${mode} round ${r + 1}: backend ${fmt(b)} req/s, cached route ${fmt(g)} req/s, ratio ${fmt(g / b, 2)}`);
    }
    console.log(`${mode} backend: median cached ÷ backend = ${fmt(median(ratios), 2)} over ${rounds} rounds (target ≥ 1)`);
  } finally {
    for (const c of children) c.stop();
  }
}

async function main(): Promise<void> {
  const rounds = arg('--rounds', 3);
  const seconds = arg('--seconds', 4);
  console.log(`cache bench: ${rounds} alternating rounds × ${seconds} s, autocannon ${CONNECTIONS} connections, backend and gateway as separate processes`);
  await compare('page', rounds, seconds);
  await compare('constant', Math.max(1, rounds - 2), seconds);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
