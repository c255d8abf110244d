/**
 * ddns() against raw undici calls to the same loopback service (in a child process): the
 * everyday `Pool.request()` (body as a stream) and the lowest-level `Pool.dispatch()` with a
 * minimal handler, which is what ddns() is built on.
 * For each variant: requests/s at concurrency 16, mean latency at concurrency 1, and the client's
 * CPU time per call. Rounds alternate raw/ddns (order flipped every other round); medians and
 * ratios are printed.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'undici';
import { background, Invoker, type Node } from '../index';
import { envNumber, median } from './stats';

const ROUNDS = envNumber('BENCH_ROUNDS', 9);
const WINDOW_MS = envNumber('BENCH_WINDOW_MS', 300);
const CONCURRENCY = 16;
const BODY = { id: 42, fields: ['name', 'roles'] };

type Call = () => Promise<unknown>;
interface Sample {
  rps: number;
  latencyUs: number;
  cpuUsPerCall: number;
}

async function loadFor(call: Call, concurrency: number, ms: number): Promise<{ calls: number; elapsedMs: number; cpuUs: number }> {
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await call();
        calls++;
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { calls, elapsedMs, cpuUs: cpu.user + cpu.system };
}

async function sample(call: Call): Promise<Sample> {
  const par = await loadFor(call, CONCURRENCY, WINDOW_MS);
  const seq = await loadFor(call, 1, WINDOW_MS / 2);
  return {
    rps: (par.calls / par.elapsedMs) * 1000,
    latencyUs: (seq.elapsedMs * 1000) / seq.calls,
    cpuUsPerCall: (par.cpuUs + seq.cpuUs) / (par.calls + seq.calls),
  };
}

/** Runs the ddns bench and returns markdown table lines. */
export async function runDdnsBench(): Promise<string[]> {
  const child = fork(join(__dirname, 'echo-server.js'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  const node: Node = { id: 'echo', address: '127.0.0.1', port, metadata: {} };
  const nodes = { nodes: [node], stale: false };
  const invoker = new Invoker({ resolver: { resolve: () => Promise.resolve(nodes) } });
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 16, keepAliveTimeout: 30_000 });
  const raw: Call = async () => {
    const res = await pool.request({
      path: '/users.get',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(BODY),
    });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    return JSON.parse(await res.body.text());
  };
  const rawDispatch: Call = () =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let status = 0;
      pool.dispatch(
        {
          path: '/users.get',
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(BODY),
        },
        {
          // undici takes a handler without onRequestStart for the legacy API.
          onRequestStart: () => undefined,
          onResponseStart: (_c, code) => void (status = code),
          onResponseData: (_c, chunk) => void chunks.push(chunk),
          onResponseEnd: () => (status === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`status ${status}`))),
          onResponseError: (_c, err) => reject(err),
        },
      );
    });
  const viaDdns: Call = () => invoker.ddns(background, 'users', '/users.get', BODY);
  const variants: [string, Call][] = [
    ['raw undici Pool.request', raw],
    ['raw undici Pool.dispatch', rawDispatch],
    ['ddns()', viaDdns],
  ];
  for (const [, call] of variants) await loadFor(call, CONCURRENCY, 300); // warm-up
  const results = new Map<string, Sample[]>(variants.map(([n]) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, call] of r % 2 ? [...variants].reverse() : variants) results.get(name)!.push(await sample(call));
  }
  await Promise.all([pool.close(), invoker.close()]);
  child.disconnect();
  const med = (name: string, f: (s: Sample) => number): number => median(results.get(name)!.map(f));
  const ddnsName = 'ddns()';
  const lines = [
    `ddns() vs raw undici: ${ROUNDS} rounds, ${WINDOW_MS} ms at concurrency ${CONCURRENCY} + ${WINDOW_MS / 2} ms at concurrency 1 per variant per round`,
    '',
    '| variant | req/s (c=16) | mean latency µs (c=1) | client CPU µs/call |',
    '|---|---:|---:|---:|',
  ];
  for (const [name] of variants) {
    lines.push(`| ${name} | ${med(name, (s) => s.rps).toFixed(0)} | ${med(name, (s) => s.latencyUs).toFixed(1)} | ${med(name, (s) => s.cpuUsPerCall).toFixed(1)} |`);
  }
  lines.push('');
  for (const rawName of ['raw undici Pool.request', 'raw undici Pool.dispatch']) {
    const rpsRatio = med(ddnsName, (s) => s.rps) / med(rawName, (s) => s.rps);
    const latRatio = med(ddnsName, (s) => s.latencyUs) / med(rawName, (s) => s.latencyUs);
    const cpuDelta = med(ddnsName, (s) => s.cpuUsPerCall) - med(rawName, (s) => s.cpuUsPerCall);
    lines.push(
      `- ddns() / ${rawName}: throughput ${rpsRatio.toFixed(3)}x, latency ${latRatio.toFixed(3)}x, client CPU ${cpuDelta >= 0 ? '+' : ''}${cpuDelta.toFixed(2)} µs/call`,
    );
  }
  return lines;
}
