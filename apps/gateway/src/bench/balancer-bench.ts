import { cpus } from 'node:os';
import { parseEntryFlags } from '../cli/entry-flags';
import { Task } from '../engine/task';
import type { Balancer } from '../plugins/upstream-output/policies/balancer';
import { FilterPick } from '../plugins/upstream-output/policies/filter';
import { HashPick } from '../plugins/upstream-output/policies/hash';
import { LeastWip } from '../plugins/upstream-output/policies/least-wip';
import { RandomPick } from '../plugins/upstream-output/policies/random';
import { RetryOrder } from '../plugins/upstream-output/policies/retry';
import { RoundRobin } from '../plugins/upstream-output/policies/round-robin';
import { WeightedRandom } from '../plugins/upstream-output/policies/weighted-random';
import { WeightedRoundRobin } from '../plugins/upstream-output/policies/weighted-round-robin';
import { writeDocSection } from './doc-section';
import { fmt, median } from './stats';

/**
 * `pnpm --filter @gatehouse/gateway bench:balancer`: time of one pick of every UpstreamOutput
 * route policy over 8 targets (target ≤ 1 µs), against an empty loop as the baseline, in one run.
 */
const USAGE = `Usage: node dist/bench/balancer-bench.js [picks]   (pnpm --filter @gatehouse/gateway bench:balancer)

Times one pick of every route policy over 8 targets: picks per round (default 1000000) × 5 rounds,
medians in ns per pick, printed and written to docs/benchmarks.md.

  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

const flags = parseEntryFlags(process.argv.slice(2), { name: 'gatehouse-balancer-bench', usage: USAGE, allowPositionals: true });
const N = 'exit' in flags ? 0 : Number(flags.positionals[0] ?? 1_000_000);
const ROUNDS = 5;
const TARGETS = 8;

/** A task as it reaches UpstreamOutput: a client address, a user header value and a method. */
function sampleTask(i: number): Task {
  const t = new Task(undefined, 0);
  t.setValue('REMOTE_ADDR', `10.0.${i & 255}.${(i >> 8) & 255}`);
  t.setValue('HTTP_X_USER', `user-${i}`);
  t.setValue('REQUEST_METHOD', i % 2 ? 'GET' : 'POST');
  return t;
}

function policies(): [string, Balancer][] {
  const weights = [5, 1, 3, 1, 2, 1, 4, 1];
  const wip = [3, 1, 4, 1, 5, 9, 2, 6];
  const retry = new RetryOrder(TARGETS, Math.random);
  retry.record(0, false);
  const literal = Array.from({ length: TARGETS }, (_, i): Record<string, string> => (i === TARGETS - 1 ? {} : { HTTP_X_USER: `^user-${i}$`, REQUEST_METHOD: '^GET$' }));
  const regex = Array.from({ length: TARGETS }, (_, i): Record<string, string> => (i === TARGETS - 1 ? {} : { HTTP_X_USER: `^user-${i}[0-9]*$` }));
  return [
    ['round_robin', new RoundRobin(TARGETS)],
    ['weighted_round_robin', new WeightedRoundRobin(weights)],
    ['random', new RandomPick(TARGETS, Math.random)],
    ['weighted_random', new WeightedRandom(weights, Math.random)],
    ['least_wip_requests', new LeastWip(TARGETS, (i) => wip[i])],
    ['hash (one key)', new HashPick(TARGETS, ['REMOTE_ADDR'])],
    ['filter (8 targets, literal ^x$ conditions, last one wins)', new FilterPick(literal)],
    ['filter (8 targets, one real regex each, last one wins)', new FilterPick(regex)],
    ['retry (plan of 8)', { pick: () => retry.plan().length }],
  ];
}

function nsPerPick(b: Balancer, tasks: readonly Task[]): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) sink += b.pick(tasks[i & 1023]!);
  const ns = Number(process.hrtime.bigint() - start) / N;
  if (sink === -1) console.log('');
  return ns;
}

function main(): void {
  const tasks = Array.from({ length: 1024 }, (_, i) => sampleTask(i));
  const all: [string, Balancer][] = [['empty loop (baseline)', { pick: () => 0 }], ...policies()];
  const rounds = new Map<string, number[]>(all.map(([n]) => [n, []]));
  for (const [, b] of all) nsPerPick(b, tasks); // warm up
  for (let r = 0; r < ROUNDS; r++) for (const [name, b] of all) rounds.get(name)!.push(nsPerPick(b, tasks));
  const lines = ['| policy | ns per pick (median) | target |', '|---|---:|---:|'];
  for (const [name, xs] of rounds) lines.push(`| ${name} | ${fmt(median(xs), 1)} | ${name.startsWith('empty') ? '—' : '≤ 1,000'} |`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  const report = [
    `Command: \`pnpm --filter @gatehouse/gateway bench:balancer\` — ${fmt(N)} picks × ${ROUNDS} rounds per policy over ${TARGETS} targets, tasks with a client address, a user header and a method.`,
    `Machine: ${machine}. Run at ${new Date().toISOString()}.`,
    '',
    ...lines,
  ].join('\n');
  console.log(report);
  writeDocSection('balancer-bench', report);
}

if ('exit' in flags) process.exitCode = flags.exit;
else main();
