// Bench: a login flood at the production scrypt cost (OWASP N=2^17), as in the fault run that
// found it: 160 attempts from 40 addresses, each within the throttle limits, then 0.5 s later a
// real login from the owner's usual address and one from a new address. Runs the bounded hashing
// (this service's defaults) for BENCH_ROUNDS rounds, and the unbounded baseline (every hash
// queued on libuv's pool, as before) once, in the same run. Run: pnpm --filter @gatehouse/auth bench
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ManualClock } from '@gatehouse/foundation';
import pino from 'pino';
import { request } from 'undici';
import { startAuthApp } from '../app.factory';
import { parseFlags } from '../cli-flags';
import type { HashLimiterOptions } from '../password/hash-limiter';
import { login, type RoundResult, type Shot } from './flood-client';

const USAGE = `Usage: node dist/bench/login-flood.js   (pnpm --filter @gatehouse/auth bench)

A login flood at the production scrypt cost: 160 attempts from 40 addresses per round, then the
owner's and a newcomer's real logins 0.5 s later; bounded hashing against the unbounded baseline
in one run, as a markdown table.

  BENCH_ROUNDS    rounds of the bounded variant (default 5)
  BENCH_BASELINE  0 skips the unbounded baseline (default: run it once)
  -h, --help      print this and exit
  -V, --version   print the version and exit
`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};

async function run(label: string, limits: HashLimiterOptions, rounds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-auth-bench-'));
  const clock = new ManualClock(Date.now());
  const app = await startAuthApp({
    host: '127.0.0.1', port: 0, adminApiKey: ADMIN_KEY, database: { kind: 'sqlite', path: join(dir, 'auth.sqlite') },
    redisUrl: null, registryAgentUrl: null, advertiseAddress: '127.0.0.1', trustProxy: 'loopback', production: false,
    logLevel: 'silent', logger: pino({ level: 'silent' }), clock, hasher: { limits },
  });
  try {
    for (const u of ['owner', 'newcomer']) {
      const res = await request(`${app.url}/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY }, body: JSON.stringify({ username: u, password: `${u}-password-1` }) });
      await res.body.dump();
    }
    await login(app.url, 'owner', 'owner-password-1', '198.51.100.7'); // her usual address
    const flood: Shot[] = [];
    const owner: number[] = [];
    const newcomer: number[] = [];
    let ownerOk = 0;
    let newcomerOk = 0;
    for (let r = 0; r < rounds; r++) {
      clock.advance(61_000); // fresh throttle windows: every attempt stays within the limits
      const { flood: shots, owner: o, newcomer: n } = await new Promise<RoundResult>((resolve, reject) => {
        const worker = new Worker(join(__dirname, 'flood-client.js'), { workerData: { url: app.url, newcomerAddress: `192.0.2.${r + 1}` } });
        worker.once('message', (m: RoundResult) => resolve(m));
        worker.once('error', reject);
      });
      flood.push(...shots);
      owner.push(o.ms);
      newcomer.push(n.ms);
      if (o.status === 200) ownerOk++;
      if (n.status === 200) newcomerOk++;
      await new Promise((resolve) => setTimeout(resolve, 3000)); // let the queue drain
    }
    const shed = flood.filter((s) => s.status === 503).map((s) => s.ms);
    const hashed = flood.filter((s) => s.status === 401).map((s) => s.ms);
    console.log(
      `| ${label} | ${rounds} | ${ownerOk}/${rounds}, p50 ${pct(owner, 0.5).toFixed(0)} ms, max ${pct(owner, 1).toFixed(0)} ms | ${newcomerOk}/${rounds}, p50 ${pct(newcomer, 0.5).toFixed(0)} ms, max ${pct(newcomer, 1).toFixed(0)} ms | ${shed.length} (p50 ${pct(shed, 0.5).toFixed(0)} ms, p99 ${pct(shed, 0.99).toFixed(0)} ms) | ${hashed.length} (p50 ${pct(hashed, 0.5).toFixed(0)} ms) |`,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`login flood, scrypt N=2^17 r=8 p=1, 160 attempts from 40 addresses per round; owner (known address) and newcomer (new address) log in 0.5 s into each round`);
  console.log('| hashing | rounds | owner: ok, latency | newcomer: ok, latency | 503 shed (latency) | 401 after a hash (latency) |');
  console.log('|---|---:|---|---|---|---|');
  await run('bounded (defaults: concurrency = cores - 1, queue 2x per lane, known-address lane first)', {}, ROUNDS);
  if (process.env.BENCH_BASELINE !== '0') await run('unbounded (before: every hash queued on libuv)', { concurrency: 100_000, queueSize: 0 }, 1);
}

const flags = parseFlags(process.argv.slice(2), 'gatehouse-auth-bench', USAGE);
if ('exit' in flags) process.exitCode = flags.exit;
else void main();
