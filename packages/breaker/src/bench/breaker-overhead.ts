/**
 * Breaker overhead per call: `command.execute()` (hystrix defaults, timeout on) and the same with
 * the timeout off, against a direct call of the same async function. Rounds alternate so drift
 * on a shared machine hits every variant alike; we print medians and the added µs per call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import CircuitBreaker from 'opossum';
import { BreakerRegistry } from '../index';

const USAGE = `Usage: node dist/bench/breaker-overhead.js   (pnpm --filter @gatehouse/breaker bench)

Breaker overhead per call against a direct call, alternating rounds, medians.

  BENCH_ROUNDS   rounds (default 9)
  BENCH_CALLS    calls per round (default 100000)
  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

/** --help/-h prints USAGE, --version/-V the version; true when the bench must not run. */
function printedInfo(argv: string[]): boolean {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } }, strict: true });
  if (values.help === true) process.stdout.write(USAGE);
  else if (values.version === true) {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    process.stdout.write(`gatehouse-breaker-bench ${pkg.version ?? '0.0.0'}\n`);
  } else return false;
  return true;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
// Batches stay under maxConcurrent (10) so no call is rejected.
const BATCH = 8;

const work = (x: number): Promise<number> => Promise.resolve(x + 1);

// CPU time (user + system) rather than wall time: on a shared machine the process is often
// descheduled, which wall time would count and CPU time does not.
const cpuNs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

async function timeIt(fn: (x: number) => Promise<number>): Promise<number> {
  const start = cpuNs();
  for (let i = 0; i < CALLS; i += BATCH) {
    const ps: Promise<number>[] = [];
    for (let j = 0; j < BATCH; j++) ps.push(fn(i + j));
    await Promise.all(ps);
  }
  return (cpuNs() - start) / CALLS; // CPU ns per call
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const registry = new BreakerRegistry();
  const withTimeout = registry.command('bench-timeout', work, undefined, { requestVolumeThreshold: 1_000_000 });
  const noTimeout = registry.command('bench-notimeout', work, undefined, { timeoutMs: 0, requestVolumeThreshold: 1_000_000 });
  const raw = new CircuitBreaker(work, { timeout: 1000, capacity: 10, volumeThreshold: 1_000_000, enableSnapshots: false });
  const variants: [string, (x: number) => Promise<number>][] = [
    ['direct call', work],
    ['execute(), timeout 1000 ms', (x) => withTimeout.execute(x)],
    ['execute(), timeout off', (x) => noTimeout.execute(x)],
    ['raw opossum fire(), timeout 1000 ms (reference)', (x) => raw.fire(x)],
  ];
  for (const [, fn] of variants) await timeIt(fn); // warm-up
  const results = new Map<string, number[]>(variants.map(([n]) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of r % 2 ? [...variants].reverse() : variants) results.get(name)!.push(await timeIt(fn));
  }
  const base = median(results.get('direct call')!);
  console.log(`breaker overhead: ${ROUNDS} rounds x ${CALLS} calls, batches of ${BATCH}, median CPU ns per call`);
  console.log('| variant | median ns/call | added µs/call | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [name] of variants) {
    const m = median(results.get(name)!);
    console.log(`| ${name} | ${m.toFixed(0)} | ${((m - base) / 1000).toFixed(2)} | ${(m / base).toFixed(2)}x |`);
  }
  registry.shutdown();
  raw.shutdown();
}

if (!printedInfo(process.argv.slice(2))) void main();
