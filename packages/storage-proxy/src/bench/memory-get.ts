// Micro-benchmark: MemoryStorage.get against a raw lru-cache get, same keys and objects, in
// alternating rounds; prints per-round figures, medians and ratios. `--rounds N --ops N` to tune.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LRUCache } from 'lru-cache';
import { MemoryStorage } from '../memory-storage';

interface Workload {
  name: string;
  run: (ops: number) => Promise<number> | number;
}

const KEYS = 1000;

const USAGE = `Usage: node dist/bench/memory-get.js [--rounds N] [--ops N]   (pnpm --filter @gatehouse/storage-proxy bench)

MemoryStorage.get against a raw lru-cache get, same keys and objects, alternating rounds;
prints per-round figures, medians and ratios.

  --rounds N     rounds (default 7)
  --ops N        gets per round
  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

/** --help/-h prints USAGE, --version/-V the version; true when the bench must not run. */
function printedInfo(argv: string[]): boolean {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' }, rounds: { type: 'string' }, ops: { type: 'string' } }, strict: true });
  if (values.help === true) process.stdout.write(USAGE);
  else if (values.version === true) {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    process.stdout.write(`gatehouse-storage-bench ${pkg.version ?? '0.0.0'}\n`);
  } else return false;
  return true;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function article(i: number): Record<string, unknown> {
  // About 1 KB of JSON, like one article of the slide-30 page.
  return { id: i, title: `Article ${i}`, author: { id: i % 97, name: `Author ${i % 97}` }, tags: ['go', 'cache', 'node'], body: 'x'.repeat(880) };
}

async function main(): Promise<void> {
  const rounds = arg('rounds', 7);
  const ops = arg('ops', 1_000_000);
  const keys = Array.from({ length: KEYS }, (_, i) => `article:${i}`);
  const raw = new LRUCache<string, Record<string, unknown>>({ max: 10_000 });
  const storage = new MemoryStorage<Record<string, unknown>>({ maxEntries: 10_000 });
  for (let i = 0; i < KEYS; i++) {
    const value = article(i);
    raw.set(keys[i]!, value);
    await storage.set(keys[i]!, value);
  }
  let sink = 0; // consumed so the loops cannot be optimised away

  const workloads: Workload[] = [
    {
      name: 'raw lru-cache get (sync)',
      run: (n) => {
        for (let i = 0; i < n; i++) sink += (raw.get(keys[i % KEYS]!)!.id as number) & 1;
        return n;
      },
    },
    {
      name: 'MemoryStorage.get, awaited each',
      run: async (n) => {
        for (let i = 0; i < n; i++) sink += ((await storage.get(keys[i % KEYS]!)).id as number) & 1;
        return n;
      },
    },
    {
      // The cost of the call itself: the promise each get returns is already settled; only the
      // last one per round is awaited. The difference to the line above is the await.
      name: 'MemoryStorage.get, call only',
      run: async (n) => {
        let last: Promise<Record<string, unknown>> | undefined;
        for (let i = 0; i < n; i++) last = storage.get(keys[i % KEYS]!);
        if (last !== undefined) sink += ((await last).id as number) & 1;
        return n;
      },
    },
    {
      name: 'MemoryStorage.peek (sync)',
      run: (n) => {
        for (let i = 0; i < n; i++) sink += (storage.peek(keys[i % KEYS]!)!.id as number) & 1;
        return n;
      },
    },
  ];

  const results = new Map<string, number[]>(workloads.map((w) => [w.name, []]));
  // Warm up every path so the JIT has compiled them before the first measured round.
  for (const w of workloads) await w.run(200_000);
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so no workload always runs first (or last) in a round.
    const order = round % 2 === 0 ? workloads : [...workloads].reverse();
    for (const w of order) {
      const started = process.hrtime.bigint();
      const done = await w.run(ops);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      results.get(w.name)!.push(done / seconds);
    }
  }

  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  };
  const baseline = median(results.get(workloads[0]!.name)!);
  console.log(`MemoryStorage.get vs raw lru-cache: ${rounds} rounds x ${ops} gets of ${KEYS} ~1 KB objects (node ${process.version})`);
  for (const w of workloads) {
    const figures = results.get(w.name)!;
    const m = median(figures);
    const rounds = figures.map((f) => (f / 1e6).toFixed(1)).join(' ');
    console.log(`${w.name.padEnd(38)} median ${(m / 1e6).toFixed(2).padStart(6)} M ops/s  ratio to raw ${(m / baseline).toFixed(2)}  rounds: ${rounds}`);
  }
  if (sink < 0) console.log(sink);
}

if (!printedInfo(process.argv.slice(2))) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
