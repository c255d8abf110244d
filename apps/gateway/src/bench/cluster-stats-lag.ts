import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_PREFIX, REPORT_BODY_TTL_SEC, STATS_QUEUE } from '@gatehouse/stats-wire';
import pino from 'pino';
import { bootstrap } from '../bootstrap';
import { parseEntryFlags } from '../cli/entry-flags';
import { MemoryConfigStore } from '../config-store/config-store';
import type { HttpServer } from '../plugins/http-server/http-server';
import { fmt, median } from './stats';

/**
 * `pnpm --filter @gatehouse/gateway bench:cluster-lag`: end-to-end lag from a request to the
 * cluster indicator — a real gateway (real 5-s ticker) shipping to a real stats worker process
 * through Redis, and the time until `/cluster/statistics/v1/{group}/…/EXECUTION_COUNT_ALL`
 * counts the request. Needs Redis (REDIS_URL) and a built @gatehouse/stats-worker.
 */
const USAGE = `Usage: node dist/bench/cluster-stats-lag.js [rounds]   (pnpm --filter @gatehouse/gateway bench:cluster-lag)

End-to-end lag from one request to the cluster indicator that counts it (gateway → BullMQ →
stats worker → Redis series → /cluster/statistics/v1), rounds (default 5) spread over the 5-s
tick; prints each lag and the median. Needs Redis at REDIS_URL (default redis://127.0.0.1:6379).

  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

const flags = parseEntryFlags(process.argv.slice(2), { name: 'gatehouse-cluster-lag-bench', usage: USAGE, allowPositionals: true });
const ROUNDS = 'exit' in flags ? 0 : Number(flags.positionals[0] ?? 5);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function startWorker(): Promise<ChildProcess> {
  const main = require.resolve('@gatehouse/stats-worker/dist/main.js');
  const proc = spawn(process.execPath, [main], { env: { PATH: process.env['PATH'] ?? '', STATS_REDIS_URL: REDIS_URL, STATS_WORKER_PORT: '0', STATS_WORKER_BATCH_WAIT_MS: '50' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('stats worker started')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`stats worker exited with ${code}`)));
  });
  return proc;
}

async function main(): Promise<void> {
  const group = `lag-${process.pid}`;
  const backend: Server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
  const worker = await startWorker();
  const gw = await bootstrap({ adminPort: 0, logger: pino({ level: 'silent' }), store: new MemoryConfigStore(), statsShipping: { redisUrl: REDIS_URL, group, nodeName: 'gw-lag', bufferTicks: 60, keyPrefix: DEFAULT_PREFIX, queueName: STATS_QUEUE, bodyTtlSec: REPORT_BODY_TTL_SEC } });
  try {
    const g = gw.gateway;
    await g.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'server', port: 0 } });
    await g.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'server', path: '/lag', methods: ['GET'] } });
    await g.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `http://127.0.0.1:${(backend.address() as AddressInfo).port}/`, method: 'GET' } });
    await g.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'lag', plugin_names: ['server', 'in', 'out'] } });
    const server = (g.pipeline('lag')!.currentHandles().find((h) => h.pluginType === 'HTTPServer')!.instance as HttpServer).port;
    const count = async (): Promise<number> => {
      const r = await fetch(`${gw.adminUrl}/cluster/statistics/v1/${group}/pipelines/lag/indicators/EXECUTION_COUNT_ALL/value`);
      return r.ok ? ((await r.json()) as { value: number }).value : 0;
    };
    const lags: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const before = await count();
      const sent = Date.now();
      await fetch(`http://127.0.0.1:${server}/lag`);
      while ((await count()) <= before) await new Promise((r) => setTimeout(r, 50));
      const lag = (Date.now() - sent) / 1000;
      lags.push(lag);
      console.log(`round ${i + 1}: ${lag.toFixed(2)} s`);
      await new Promise((r) => setTimeout(r, (i * 1700) % 5000)); // land the next request elsewhere in the 5-s tick
    }
    console.log(`\nrequest → cluster indicator: median ${fmt(median(lags), 2)} s, max ${Math.max(...lags).toFixed(2)} s over ${ROUNDS} rounds (target ≤ 10 s)`);
  } finally {
    await gw.close();
    worker.kill('SIGTERM');
    await new Promise<void>((r) => backend.close(() => r()));
  }
}


if ('exit' in flags) process.exitCode = flags.exit;
else if (!(ROUNDS >= 1 && ROUNDS <= 100)) {
  process.stderr.write('gatehouse-cluster-lag-bench: rounds must be 1-100\n');
  process.exitCode = 2;
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
