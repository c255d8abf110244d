import autocannon from 'autocannon';
import { connect, type Socket } from 'node:net';
import { cpus } from 'node:os';
import { forkChild } from './child';
import { writeDocSection } from './doc-section';
import { fmt, median } from './stats';

/**
 * `pnpm --filter @gatehouse/gateway bench:slow-body` (after a build): issue 8's slow-body attack.
 * Fast clients load another route (`/bench/item`, GET) and the attacked route itself
 * (`/upload/item`, a small POST) — first alone (baseline), then while 1,000 connections trickle a
 * POST body into `/upload/` one byte every 5 s. Both routes' pipelines share one HTTPOutput (one
 * backend pool). Rounds alternate baseline and attack; prints fast clients' timeouts and errors and
 * p99 ratios, and rewrites the slow-body section of docs/benchmarks.md.
 */
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
const SECONDS = quick ? 3 : 8;
const SLOW = 1000;
const CONNECTIONS = 20;

interface Load {
  p99: number;
  p50: number;
  rps: number;
  timeouts: number;
  errors: number;
}

function load(url: string, post: boolean): Promise<Load> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 10,
    ...(post ? { method: 'POST' as const, body: '{"fast":true}', headers: { 'content-type': 'application/json' } } : {}),
  }).then((r) => ({ p99: r.latency.p99, p50: r.latency.p50, rps: r.requests.average, timeouts: r.timeouts, errors: r.errors + r.non2xx }));
}

/** Opens `n` connections that each announce a 1,000-byte body and send one byte every 5 s. */
async function trickle(port: number, n: number): Promise<{ sockets: Socket[]; closed: () => number; stop: () => void }> {
  const sockets: Socket[] = [];
  let closed = 0;
  for (let i = 0; i < n; i++) {
    const s = await new Promise<Socket>((resolve, reject) => {
      const sock = connect(port, '127.0.0.1', () => resolve(sock));
      sock.once('error', reject);
    });
    s.on('error', () => undefined);
    s.on('close', () => closed++);
    s.write(`POST /upload/slow-${i} HTTP/1.1\r\nHost: bench\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nx`);
    sockets.push(s);
  }
  const timer = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write('x');
  }, 5000);
  return { sockets, closed: () => closed, stop: () => (clearInterval(timer), sockets.forEach((s) => s.destroy())) };
}

async function main(): Promise<void> {
  const backend = await forkChild('backend-server.js', []);
  const gateway = await forkChild('target-process.js', ['gateway-slow-body', `http://127.0.0.1:${backend.port}`]);
  const other = `http://127.0.0.1:${gateway.port}/bench/item`;
  const same = `http://127.0.0.1:${gateway.port}/upload/item`;
  await load(other, false); // warm up
  await load(same, true);
  const base: { other: Load[]; same: Load[] } = { other: [], same: [] };
  const attack: { other: Load[]; same: Load[] } = { other: [], same: [] };
  let slowClosed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    base.other.push(await load(other, false));
    base.same.push(await load(same, true));
    const slow = await trickle(gateway.port, SLOW);
    attack.other.push(await load(other, false));
    attack.same.push(await load(same, true));
    slowClosed += slow.closed();
    slow.stop();
    await new Promise((r) => setTimeout(r, 500));
  }
  gateway.stop();
  backend.stop();

  const med = (xs: Load[], k: keyof Load): number => median(xs.map((x) => x[k]));
  const sum = (xs: Load[], k: 'timeouts' | 'errors'): number => xs.reduce((a, x) => a + x[k], 0);
  const row = (name: string, b: Load[], a: Load[]): string =>
    `| ${name} | ${fmt(med(b, 'rps'))} | ${fmt(med(b, 'p99'), 1)} | ${fmt(med(a, 'rps'))} | ${fmt(med(a, 'p99'), 1)} | **${fmt(med(a, 'p99') / Math.max(1, med(b, 'p99')), 2)}×** | ${sum(a, 'timeouts')} | ${sum(a, 'errors')} |`;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  const report = [
    `Command: \`pnpm --filter @gatehouse/gateway bench:slow-body${quick ? ' -- --quick' : ''}\` (after a build) — ${ROUNDS} rounds of baseline then attack, ${SECONDS} s each, autocannon with ${CONNECTIONS} keep-alive connections per route; ${SLOW} attack connections each announce a 1,000-byte POST body to \`/upload/\` and send one byte every 5 s. Both routes share one HTTPOutput (pool of 128). Backend, gateway and load generator are separate processes on one machine.`,
    `Machine: ${machine}. Run at ${new Date().toISOString()}.`,
    '',
    '| fast clients on | baseline req/s | baseline p99 ms | under attack req/s | under attack p99 ms | p99 ÷ baseline | timeouts | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('another route (`GET /bench/item`)', base.other, attack.other),
    row('the attacked route (`POST /upload/item`)', base.same, attack.same),
    '',
    `- attack connections closed by the gateway during the loads: ${slowClosed} of ${SLOW * ROUNDS} (they stay open, holding no pipeline slot and no backend connection, until \`client_body_timeout_sec\` or \`request_timeout_sec\`).`,
    '- targets: 0 timeouts, p99 under attack ≤ 2× baseline on both routes.',
  ].join('\n');
  console.log(report);
  if (!quick) writeDocSection('slow-body-bench', report);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
