import { ManualClock, systemClock, type Clock } from '../engine/clock';
import { silentLogger } from '../engine/logger';
import { PipelineContext } from '../engine/pipeline-context';
import { compileConfigSchema } from '../engine/schema';
import { PipelineStatistics } from '../engine/statistics/pipeline-statistics';
import { MapServiceDirectory } from '../engine/service-directory';
import { Task, TaskStatus } from '../engine/task';
import type { PluginEnv, PluginInstance } from '../engine/types';
import { parseEntryFlags } from '../cli/entry-flags';
import { latencyWindowLimiterPlugin } from '../plugins/latency-window-limiter/latency-window-limiter';
import { noMoreFailureLimiterPlugin } from '../plugins/no-more-failure-limiter/no-more-failure-limiter';
import { BreakerState } from '../plugins/service-circuit-breaker/circuit-breaker';
import { serviceCircuitBreakerPlugin } from '../plugins/service-circuit-breaker/service-circuit-breaker';
import { staticProbabilityLimiterPlugin } from '../plugins/static-probability-limiter/static-probability-limiter';
import { throughputRateLimiterSchema, type ThroughputRateLimiterConfig } from '../plugins/throughput-rate-limiter/schema';
import { throughputRateLimiterPlugin } from '../plugins/throughput-rate-limiter/throughput-rate-limiter';
import { fmt, median } from './stats';

const limiterConfig = compileConfigSchema<ThroughputRateLimiterConfig>('ThroughputRateLimiter', throughputRateLimiterSchema);

/**
 * `pnpm --filter @gatehouse/gateway bench:traffic-control`: (1) CPU per request of each limiter
 * and the breaker against a no-op plugin in the same run; (2) the breaker's reaction to a backend
 * that starts failing at 100 rps and later recovers, run deterministically on a ManualClock with
 * the gateway's 5-s statistics tick.
 */
const USAGE = `Usage: node dist/bench/traffic-control-bench.js [requests]   (pnpm --filter @gatehouse/gateway bench:traffic-control)

CPU per request of ThroughputRateLimiter, LatencyWindowLimiter, ServiceCircuitBreaker,
StaticProbabilityLimiter and NoMoreFailureLimiter against a no-op plugin (requests per round,
default 200000, × 5 alternating rounds, medians), then the breaker's open and close times for a
backend failing at 100 rps (deterministic, ManualClock).

  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

const flags = parseEntryFlags(process.argv.slice(2), { name: 'gatehouse-traffic-control-bench', usage: USAGE, allowPositionals: true });
const N = 'exit' in flags ? 0 : Number(flags.positionals[0] ?? 200000);

interface Subject {
  instance: PluginInstance;
  ctx: PipelineContext;
  stats: PipelineStatistics;
}

function subject(name: string, create: (env: PluginEnv) => PluginInstance, clock: Clock = systemClock): Subject {
  const stats = new PipelineStatistics('bench');
  const ctx = new PipelineContext('bench', [name, 'backend'], { parallelism: () => 1, inFlight: () => 0, waitQueueLength: () => 0 }, stats);
  const instance = create({ clock, logger: silentLogger, services: new MapServiceDirectory(), pluginName: name, generation: 0 });
  instance.prepare?.(ctx);
  return { instance, ctx, stats };
}

const noop: PluginInstance = { run: () => undefined };

/** µs of CPU per request: build a task, run the plugin, record the backend's run, finish the task (finished callbacks). */
function perRequest(s: Subject): number {
  const backend = s.stats.pluginSeries('backend');
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const task = new Task(undefined, 0);
    task.setStatus(TaskStatus.Running);
    const r = s.instance.run(task, s.ctx);
    if (r !== undefined) throw new Error('a bench limiter waited');
    backend.record(1e6, true);
    task.finish(0);
  }
  const d = process.cpuUsage(start);
  return (d.user + d.system) / N;
}

function cpuTable(): void {
  const subjects: [string, () => Subject][] = [
    ['baseline (no-op plugin)', () => subject('noop', () => noop)],
    [
      'ThroughputRateLimiter (tps 99,999,999: token taken)',
      // The schema fills the options the bench leaves at their defaults, as the admin API does.
      () => subject('t', (env) => throughputRateLimiterPlugin.typed.create(limiterConfig({ plugin_name: 't', tps: '99999999', timeout_msec: 0, flow_control_percentage_key: '', rate_limit_headers: false }), env)),
    ],
    [
      'LatencyWindowLimiter (not limiting; finished callback)',
      () =>
        subject('l', (env) =>
          latencyWindowLimiterPlugin.typed.create(
            { plugin_name: 'l', plugins_concerned: ['backend'], latency_threshold_msec: 800, allow_msec: 1000, backoff_timeout_msec: 0, probe_percentage: 10 },
            env,
          ),
        ),
    ],
    [
      'ServiceCircuitBreaker (Closed; sample callback)',
      () =>
        subject('b', (env) =>
          serviceCircuitBreakerPlugin.typed.create(
            {
              plugin_name: 'b', plugins_concerned: ['backend'], all_tps_threshold_to_enable: 1, failure_tps_threshold_to_break: 1,
              failure_tps_percent_threshold_to_break: 0, slow_call_duration_msec: 500, slow_call_percent_threshold_to_break: 50,
              recovery_time_msec: 1000, half_open_permitted_calls: 10, half_open_dwell_msec: 60000,
            },
            env,
          ),
        ),
    ],
    ['StaticProbabilityLimiter (pass_pr 1)', () => subject('s', (env) => staticProbabilityLimiterPlugin.typed.create({ plugin_name: 's', pass_pr: 1 }, env))],
    [
      'NoMoreFailureLimiter (finished callback)',
      () =>
        subject('n', (env) =>
          noMoreFailureLimiterPlugin.typed.create({ plugin_name: 'n', failure_count_threshold: 1000000000, failure_task_data_key: 'STATUS', failure_task_data_value: '410' }, env),
        ),
    ],
  ];
  const built = subjects.map(([name, make]) => ({ name, s: make(), xs: [] as number[] }));
  for (const b of built) perRequest(b.s); // warm-up
  for (let round = 0; round < 5; round++) for (const b of built) b.xs.push(perRequest(b.s));
  const base = median(built[0]!.xs);
  console.log(`CPU per request, ${N} requests × 5 alternating rounds, medians (target ≤ 1 µs above baseline)`);
  console.log('| plugin | µs/request | minus baseline |');
  console.log('|---|---:|---:|');
  for (const b of built) console.log(`| ${b.name} | ${fmt(median(b.xs), 3)} | ${fmt(median(b.xs) - base, 3)} |`);
}

/**
 * A backend behind the breaker at 100 rps on a ManualClock: healthy for 60 s, failing for 60 s,
 * healthy again. Requests the breaker admits reach the backend; the statistics tick every 5 s.
 */
function breakerRun(dwellMs: number): { openAfterMs: number; openTicks: number; closedAfterMs: number } {
  const clock = new ManualClock();
  const config = {
    plugin_name: 'b', plugins_concerned: ['backend'], all_tps_threshold_to_enable: 1, failure_tps_threshold_to_break: 1,
    failure_tps_percent_threshold_to_break: 0, slow_call_duration_msec: 0, slow_call_percent_threshold_to_break: 50,
    recovery_time_msec: 1000, half_open_permitted_calls: 10, half_open_dwell_msec: dwellMs,
  };
  const s = subject('b', (env) => serviceCircuitBreakerPlugin.typed.create(config, env), clock);
  const backend = s.stats.pluginSeries('backend');
  const state = (): number => s.stats.customIndicators('b').find((i) => i.name === 'CIRCUIT_BREAKER_STATE')!.value()!;
  const failFrom = 60_000;
  const recoverAt = 120_000;
  let openAt = -1;
  let closedAt = -1;
  for (let t = 10; t <= 300_000; t += 10) {
    clock.advance(10);
    const task = new Task(undefined, t);
    task.setStatus(TaskStatus.Running);
    s.instance.run(task, s.ctx);
    if (task.error === undefined) backend.record(2e6, !(t >= failFrom && t < recoverAt));
    if (t % 5000 === 0) s.stats.tick();
    const st = state();
    if (openAt < 0 && t >= failFrom && st === BreakerState.Open) openAt = t;
    if (closedAt < 0 && t >= recoverAt && st === BreakerState.Closed) closedAt = t;
  }
  return { openAfterMs: openAt - failFrom, openTicks: Math.ceil((openAt - failFrom) / 5000), closedAfterMs: closedAt - recoverAt };
}

function breakerTable(): void {
  console.log('\nServiceCircuitBreaker, backend at 100 rps failing from t=60 s, recovered at t=120 s (ManualClock, 5-s ticks, recovery_time_msec 1000)');
  console.log('| half_open_dwell_msec | Open after failures start | ticks | Closed after recovery | target (recovery + dwell) |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const dwell of [10_000, 60_000]) {
    const r = breakerRun(dwell);
    console.log(`| ${fmt(dwell)} | ${fmt(r.openAfterMs / 1000, 2)} s | ${r.openTicks} | ${fmt(r.closedAfterMs / 1000, 2)} s | ${fmt((1000 + dwell) / 1000, 2)} s |`);
  }
}

if ('exit' in flags) {
  process.exitCode = flags.exit;
} else if (!Number.isSafeInteger(N) || N < 1) {
  process.stderr.write('gatehouse-traffic-control-bench: requests must be a positive integer\n');
  process.exitCode = 2;
} else {
  cpuTable();
  breakerTable();
}
