import autocannon from 'autocannon';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { MemoryConfigStore } from '../config-store/config-store';
import { Gateway } from '../engine/gateway';
import { builtinPlugins } from '../plugins';
import { BACKEND_HEALTH_BOARD, BackendHealthBoard } from '../plugins/http-output/backend-health-board';
import { fmt } from './stats';
import { freePort } from '@gatehouse/test-support';

/**
 * `node dist/bench/upstream-health-bench.js` (after a build): issue 11's health and retry figures,
 * in one process (gateway, three backends, autocannon). Not a timed test: it prints what it saw.
 *
 * 1. Ejection: ~2,000 req/s of GET over 3 backends; backend 0 is killed, later restarted on its
 *    port. Errors before and after the ejection, and the time from restart to back in rotation.
 *    Once without retries (every request sent to the dead one is an error, so errors after the
 *    ejection count requests to it), once with `retries: 1` (what clients see).
 * 2. Duplicate POSTs: POSTs with retries over one dead, one flaky (503 on every 5th) and one good
 *    backend; receipts counted per request id across backends.
 * 3. Every instance down: p99 of the immediate 503.
 */
const RATE = 2000;
const KILL_AFTER_MS = 3000;
const RESTART_AFTER_MS = 7000;
const EJECTION_SECONDS = 11;
const HEALTH = { path: '/healthz', interval_sec: 0.5, timeout_sec: 0.25, healthy_threshold: 2, unhealthy_threshold: 3 };
const OUTLIER = { consecutive_failures: 5, base_ejection_sec: 30, max_ejected_percent: 50 };

interface Backend {
  port: number;
  url: string;
  server: Server;
  receipts: Map<string, number>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

async function backend(answer: (n: number) => number, port = 0): Promise<Backend> {
  const receipts = new Map<string, number>();
  let n = 0;
  const make = (): Server =>
    createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url !== HEALTH.path) {
          const id = String(req.headers['x-request-id'] ?? '');
          if (id !== '') receipts.set(id, (receipts.get(id) ?? 0) + 1);
        }
        res.statusCode = req.url === HEALTH.path ? 200 : answer(++n);
        res.end('ok');
      });
    });
  const listen = (s: Server, p: number) => new Promise<number>((r) => s.listen(p, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const b: Backend = {
    port: 0,
    url: '',
    server: make(),
    receipts,
    kill: () =>
      new Promise<void>((r) => {
        b.server.closeAllConnections();
        b.server.close(() => r());
      }),
    restart: async () => {
      b.server = make();
      await listen(b.server, b.port);
    },
  };
  b.port = await listen(b.server, port);
  b.url = `http://127.0.0.1:${b.port}`;
  return b;
}

async function gatewayWith(port: number, method: string, origins: string[], retry: Record<string, unknown> | undefined): Promise<Gateway> {
  const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins });
  await gw.start();
  await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'srv', port, host: '127.0.0.1' } });
  await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'srv', path: '/svc', methods: [method] } });
  await gw.createPlugin({
    type: 'HTTPOutput',
    config: {
      plugin_name: 'out',
      url_pattern: '/work',
      method,
      expected_response_codes: [],
      upstream: { origins, health_check: HEALTH, outlier_detection: OUTLIER },
      ...(retry ? { retry } : {}),
    },
  });
  await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['srv', 'in', 'out'], parallelism: 256 } });
  return gw;
}


/** Runs autocannon with a per-response listener (the callback form returns the instance). */
function run(opts: autocannon.Options, onResponse: (status: number, latencyMs: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err as Error) : resolve(result)));
    instance.on('response', (_client, status, _bytes, latencyMs) => onResponse(status, latencyMs));
    instance.on('reqError', () => onResponse(0, 0));
  });
}

const board = (gw: Gateway) => gw.services.get(BACKEND_HEALTH_BOARD, () => new BackendHealthBoard()).list();

/**
 * Milliseconds from the start of the kill to the ejection, or why there is no such figure. The
 * detector's clock has whole milliseconds, so an ejection up to 1 ms "before" the kill is the same
 * millisecond.
 */
function msToEjection(killStartedAt: number, ejectedAt: number): number | string {
  if (ejectedAt === 0) return 'n/a (never ejected)';
  if (ejectedAt < killStartedAt - 1) return 'n/a (ejected before the kill)';
  return Math.max(0, ejectedAt - killStartedAt);
}

async function ejection(retry: Record<string, unknown> | undefined): Promise<Record<string, number | string>> {
  const bs = await Promise.all([0, 1, 2].map(() => backend(() => 200)));
  const port = await freePort();
  const gw = await gatewayWith(port, 'GET', bs.map((b) => b.url), retry);
  const dead = bs[0]!;
  /** Dispatch times of failed requests (answer time minus latency). */
  const errorTimes: number[] = [];
  const started = performance.now();
  // The backend is dead from the moment the kill starts: the reset of its connections can fail
  // enough requests to eject it before its close completes, so the kill's end (when the first
  // version of this bench started the clock) may come after the ejection.
  let killStartedAt = 0;
  let ejectedAt = 0;
  let restartedAt = 0;
  let backAt = 0;
  const watch = setInterval(() => {
    const me = board(gw).find((i) => i.url === dead.url)!;
    // The ejection moment from the detector's own clock (its remaining time), not from this poll's.
    if (killStartedAt > 0 && ejectedAt === 0 && me.ejected) ejectedAt = performance.now() - (OUTLIER.base_ejection_sec * 1000 - me.ejected_for_ms);
    if (restartedAt > 0 && backAt === 0 && me.available) backAt = performance.now();
  }, 2);
  setTimeout(() => {
    killStartedAt = performance.now();
    void dead.kill();
  }, KILL_AFTER_MS);
  setTimeout(() => void dead.restart().then(() => (restartedAt = performance.now())), RESTART_AFTER_MS);
  const result = await run({ url: `http://127.0.0.1:${port}/svc`, connections: 20, overallRate: RATE, duration: EJECTION_SECONDS, timeout: 5 }, (status, latencyMs) => {
    if (status !== 200) errorTimes.push(performance.now() - latencyMs);
  });
  clearInterval(watch);
  await gw.stop();
  await Promise.all(bs.map((b) => b.kill()));
  const ejected = ejectedAt > 0;
  return {
    rps: result.requests.average,
    killed_at_s: (killStartedAt - started) / 1000,
    errors_before_ejection: ejected ? errorTimes.filter((t) => t <= ejectedAt).length : 'n/a (never ejected)',
    requests_to_dead_after_ejection: ejected ? errorTimes.filter((t) => t > ejectedAt && (backAt === 0 || t < restartedAt)).length : 'n/a (never ejected)',
    ms_to_ejection: msToEjection(killStartedAt, ejectedAt),
    ms_restart_to_rotation: backAt > 0 ? backAt - restartedAt : NaN,
    bound_ms: HEALTH.interval_sec * HEALTH.healthy_threshold * 1000,
  };
}

async function duplicatePosts(): Promise<Record<string, number>> {
  const dead = await backend(() => 200);
  await dead.kill();
  const flaky = await backend((n) => (n % 5 === 0 ? 503 : 200));
  const good = await backend(() => 200);
  const port = await freePort();
  const gw = await gatewayWith(port, 'POST', [dead.url, flaky.url, good.url], { retries: 2 });
  let id = 0;
  const statuses = new Map<number, number>();
  await run(
    {
      url: `http://127.0.0.1:${port}/svc`,
      connections: 20,
      overallRate: RATE,
      duration: 5,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-request-id': `r${++id}` }, body: `order-${id}` }) }],
    },
    (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
  );
  await gw.stop();
  await Promise.all([flaky.kill(), good.kill()]);
  const all = new Map<string, number>();
  for (const b of [flaky, good]) for (const [k, v] of b.receipts) all.set(k, (all.get(k) ?? 0) + v);
  return {
    posts_sent: id,
    posts_received: all.size,
    duplicate_posts: [...all.values()].filter((v) => v > 1).length,
    answered_200: statuses.get(200) ?? 0,
    answered_503: statuses.get(503) ?? 0,
  };
}

async function allDown(): Promise<Record<string, number>> {
  const bs = await Promise.all([0, 1, 2].map(() => backend(() => 200)));
  const port = await freePort();
  const gw = await gatewayWith(port, 'GET', bs.map((b) => b.url), undefined);
  await Promise.all(bs.map((b) => b.kill()));
  while (board(gw).some((i) => i.available)) await new Promise((r) => setTimeout(r, 50));
  // Baseline in the same run: a path no route serves (the server's own 404, no plugin runs).
  const out: Record<string, number> = {};
  for (const [name, path] of [
    ['baseline_404', '/nothing'],
    ['all_down_503', '/svc'],
    ['baseline_404_again', '/nothing'],
  ] as const) {
    let other = 0;
    const expected = name === 'all_down_503' ? 503 : 404;
    const r = await run({ url: `http://127.0.0.1:${port}${path}`, connections: 20, overallRate: RATE, duration: 3, timeout: 5 }, (status) => {
      if (status !== expected) other++;
    });
    out[`${name}_rps`] = r.requests.average;
    out[`${name}_p50_ms`] = r.latency.p50;
    out[`${name}_p99_ms`] = r.latency.p99;
    out[`${name}_unexpected_status`] = other;
  }
  await gw.stop();
  return out;
}

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg().map((l) => fmt(l, 2)).join(' ')}, Node ${process.version}`;
  console.log(`machine: ${machine}`);
  console.log('ejection, no retries', JSON.stringify(await ejection(undefined)));
  console.log('ejection, retries 1', JSON.stringify(await ejection({ retries: 1 })));
  console.log('duplicate POSTs', JSON.stringify(await duplicatePosts()));
  console.log('all instances down', JSON.stringify(await allDown()));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
