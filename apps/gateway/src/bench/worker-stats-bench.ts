import { cpus } from 'node:os';
import { ManualClock } from '../engine/clock';
import { StatisticsRegistry } from '../engine/statistics/statistics-registry';
import type { ToPrimary } from '../workers/ipc-messages';
import { WorkerStatistics } from '../workers/worker-statistics';
import { WorkerTickReports } from '../workers/worker-tick-reports';
import { fmt, median } from './stats';

const USAGE = `Usage: node dist/bench/worker-stats-bench.js [--pipelines N] [--samples S]

What GATEWAY_WORKERS' statistics aggregation costs per tick: a worker with N pipelines of four
plugins (default 1,000), each pipeline serving S requests per tick (default 50; 2 % failures,
latencies spread over three decades), builds its tick report; the primary decodes the IPC
message and absorbs it. Prints the message size and the median CPU time of each step over 5
ticks. In-process, no load on the machine beyond a second or two.
`;

const PLUGINS = ['server', 'input', 'limiter', 'output'] as const;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

function main(): void {
  if (process.argv.includes('-h') || process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const pipelines = arg('--pipelines', 1000);
  const samples = arg('--samples', 50);
  const clock = new ManualClock();
  const worker = new StatisticsRegistry(clock);
  const primary = new StatisticsRegistry(clock);
  for (let i = 0; i < pipelines; i++) {
    for (const r of [worker, primary]) {
      const p = r.create(`pipeline-${i}`);
      for (const name of PLUGINS) p.pluginSeries(name);
    }
  }
  let message: ToPrimary | undefined;
  new WorkerTickReports(worker, (m) => (message = m)); // reports after every worker tick
  const absorber = new WorkerStatistics(primary, { info: () => undefined, warn: () => undefined, debug: () => undefined, error: () => undefined });

  let seed = 1;
  const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const built: number[] = [];
  const decoded: number[] = [];
  const absorbed: number[] = [];
  const primaryTicks: number[] = [];
  let reportChars = 0;
  let framedBytes = 0;
  for (let tick = 0; tick < 7; tick++) {
    for (const p of worker.all()) {
      for (let s = 0; s < samples; s++) {
        const ns = 1e5 * 10 ** (random() * 3); // 0.1–100 ms
        const ok = random() > 0.02;
        p.pipeline.record(ns, ok);
        for (const name of PLUGINS) p.pluginSeries(name).record(name === 'output' ? ns * 0.9 : ns / 200, ok || name !== 'output');
      }
    }
    let t0 = performance.now();
    worker.tick(); // the worker's tick builds and "sends" the report
    const tBuilt = performance.now() - t0;
    if (message?.t !== 'gh:stats' || message.report === null) throw new Error('the worker sent no report');
    // What the channel carries and the primary's Node parses before our handler runs.
    const framed = JSON.stringify(message);
    t0 = performance.now();
    const received = JSON.parse(framed) as { report: string };
    const tDecoded = performance.now() - t0;
    t0 = performance.now();
    absorber.receive(1, received.report);
    const tAbsorbed = performance.now() - t0;
    t0 = performance.now();
    primary.tick();
    const tPrimaryTick = performance.now() - t0;
    if (tick < 2) continue; // warm-up
    built.push(tBuilt);
    decoded.push(tDecoded);
    absorbed.push(tAbsorbed);
    primaryTicks.push(tPrimaryTick);
    reportChars = message.report.length;
    framedBytes = Buffer.byteLength(framed);
  }
  if (absorber.figures().rejected > 0) throw new Error('the primary refused a report');
  console.log(
    [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.`,
      `${fmt(pipelines)} pipelines × (tasks + ${PLUGINS.length} plugins), ${samples} requests per pipeline per tick:`,
      `- IPC message per worker per tick: ${fmt(framedBytes / 1024)} KiB on the channel (report text ${fmt(reportChars / 1024)} KiB)`,
      `- worker, tick + report built and stringified: ${fmt(median(built), 1)} ms`,
      `- primary, channel JSON parse: ${fmt(median(decoded), 1)} ms; decode, validate and absorb: ${fmt(median(absorbed), 1)} ms (per worker per tick)`,
      `- primary, its own tick (sealing what it absorbed): ${fmt(median(primaryTicks), 1)} ms`,
    ].join('\n'),
  );
  worker.stop();
  primary.stop();
}

main();
