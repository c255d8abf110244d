import autocannon from 'autocannon';
import { cpus, loadavg } from 'node:os';
import { parseEntryFlags } from '../cli/entry-flags';
import { forkChild } from './child';
import { writeDocSection } from './doc-section';
import { createProxyRoute, freePort, GatewayProcess } from './gateway-process';
import { keepAliveLoad, non2xxCount, type LoadTally } from './keepalive-load';
import { fmt, median } from './stats';

const USAGE = `Usage: node dist/bench/workers-bench.js [--rounds N] [--seconds S] [--write-doc]

Starts a backend, a single-process gateway (GATEWAY_WORKERS=1) and a gateway with
GATEWAY_WORKERS=2, both proxying /api to the backend, then
  1. alternates autocannon rounds (50 keep-alive connections) on the two: req/s and the ratio;
  2. under keep-alive load (32 connections): a rolling restart of the 2 workers, then SIGTERM of
     each gateway — counting non-2xx answers, dropped requests (reset or hung-up on an open
     connection) and refused connects (nothing listens any more: no request was sent).
Prints medians; --write-doc rewrites the workers section of docs/benchmarks.md.

  --rounds N     rounds per gateway (default 3)
  --seconds S    seconds per round (default 5)
  -h, --help     print this and exit
`;

function tallyLine(t: LoadTally): string {
  return `${fmt(t.ok)} 2xx, ${non2xxCount(t)} non-2xx, ${t.dropped} dropped${t.dropped ? ` ${JSON.stringify(t.droppedCodes)}` : ''}, ${t.refused} refused connects`;
}

async function underLoad(port: number, action: () => Promise<unknown>): Promise<LoadTally> {
  const load = keepAliveLoad(`http://127.0.0.1:${port}/api/x`, 32);
  const t0 = Date.now();
  while (load.tally.ok < 500 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
  await action();
  await new Promise((r) => setTimeout(r, 300));
  return load.stop();
}

async function main(): Promise<void> {
  const flags = parseEntryFlags(process.argv.slice(2), {
    name: 'gatehouse-workers-bench',
    usage: USAGE,
    options: { rounds: { type: 'string' }, seconds: { type: 'string' }, 'write-doc': { type: 'boolean' } },
  });
  if ('exit' in flags) {
    process.exitCode = flags.exit;
    return;
  }
  const rounds = Number(flags.values['rounds'] ?? 3);
  const seconds = Number(flags.values['seconds'] ?? 5);
  const backend = await forkChild('backend-server.js', []);
  const backendUrl = `http://127.0.0.1:${backend.port}`;
  const one = await GatewayProcess.start({ GATEWAY_WORKERS: '1', GATEWAY_DRAIN_TIMEOUT_SEC: '20' });
  const two = await GatewayProcess.start({ GATEWAY_WORKERS: '2', GATEWAY_DRAIN_TIMEOUT_SEC: '20' });
  const lines: string[] = [];
  try {
    const port1 = await freePort();
    const port2 = await freePort();
    await createProxyRoute(one, port1, backendUrl);
    await createProxyRoute(two, port2, backendUrl);
    await new Promise((r) => setTimeout(r, 1000)); // the workers apply the route
    const rps: Record<'one' | 'two', number[]> = { one: [], two: [] };
    for (let i = 0; i < rounds; i++) {
      for (const [k, port] of [['one', port1], ['two', port2]] as const) {
        const r = await autocannon({ url: `http://127.0.0.1:${port}/api/x`, connections: 50, duration: seconds });
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${k}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        rps[k].push(r.requests.average);
        console.log(`round ${i + 1} ${k === 'one' ? 'GATEWAY_WORKERS=1' : 'GATEWAY_WORKERS=2'}: ${fmt(r.requests.average)} req/s`);
      }
    }
    const m1 = median(rps.one);
    const m2 = median(rps.two);
    lines.push(`| GATEWAY_WORKERS=1 (one process), req/s, median of ${rounds} × ${seconds} s | ${fmt(m1)} |`);
    lines.push(`| GATEWAY_WORKERS=2, req/s, median of ${rounds} × ${seconds} s | ${fmt(m2)} |`);
    lines.push(`| ratio 2 ÷ 1 (target ≥ 1.3) | **${(m2 / m1).toFixed(2)}** |`);
    const rolling = await underLoad(port2, () => two.api('POST', '/admin/v1/workers/restart', {}));
    lines.push(`| rolling restart of 2 workers under load (32 keep-alive connections) | ${tallyLine(rolling)} |`);
    const term2 = await underLoad(port2, () => two.stop('SIGTERM'));
    lines.push(`| SIGTERM of GATEWAY_WORKERS=2 under load | ${tallyLine(term2)} |`);
    const term1 = await underLoad(port1, () => one.stop('SIGTERM'));
    lines.push(`| SIGTERM of the single process under load | ${tallyLine(term1)} |`);
  } finally {
    await one.destroy();
    await two.destroy();
    backend.stop();
  }
  const report = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0]!.toFixed(1)} at the end (shared with other jobs); the load generator runs on the same cores.`,
    '',
    '| measure | value |',
    '|---|---|',
    ...lines,
  ].join('\n');
  console.log(`\n${report}`);
  if (flags.values['write-doc'] === true) writeDocSection('workers-bench', report);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
