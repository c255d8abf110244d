import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { MemoryConfigStore } from '../config-store/config-store';
import { Gateway } from '../engine/gateway';
import { MapServiceDirectory } from '../engine/service-directory';
import { builtinPlugins } from '../plugins';
import { openAccessLogDestination } from '../plugins/http-server/access-log/access-log-destination';
import { ACCESS_LOG_SERVICE, AccessLogSink } from '../plugins/http-server/access-log/access-log-sink';
import { HttpServer } from '../plugins/http-server/http-server';
import { configureBenchPipelines, configureHopPipelines, configureSlowBodyPipelines } from './bench-pipelines';
import { startFastifyProxy } from './fastify-proxy';
import { startMinimalProxy } from './minimal-proxy';

/**
 * A forked bench target: `gateway [routes] [--no-statistics] [--access-log <file>]`, `gateway-slow-body`, `gateway-hop`, `minimal` or
 * `fastify`, proxying to the backend in argv. It reports its port, then answers CPU, memory and
 * GC probes over IPC so the bench can charge each proxy only for its own work.
 */
async function main(): Promise<void> {
  const [kind, backend, routesArg, ...flags] = process.argv.slice(2);
  if (!kind || !backend) throw new Error('usage: target-process <gateway|gateway-slow-body|gateway-hop|minimal|fastify> <backendUrl> [routes] [--no-statistics]');
  const port = 0;
  let bound = 0;
  if (kind === 'gateway' || kind === 'gateway-slow-body' || kind === 'gateway-hop') {
    const at = flags.indexOf('--access-log');
    const accessLogFile = at < 0 ? undefined : flags[at + 1];
    const services = new MapServiceDirectory();
    services.provide(ACCESS_LOG_SERVICE, () => new AccessLogSink(openAccessLogDestination(accessLogFile)));
    const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins, statistics: !flags.includes('--no-statistics'), services });
    await gw.start();
    if (kind === 'gateway') await configureBenchPipelines(gw, backend, port, Number(routesArg ?? 1), accessLogFile !== undefined);
    else if (kind === 'gateway-hop') await configureHopPipelines(gw, backend, port);
    else await configureSlowBodyPipelines(gw, backend, port);
    const server = gw.pipeline('api0')!.currentHandles().find((h) => h.instance instanceof HttpServer)?.instance;
    if (!(server instanceof HttpServer)) throw new Error('the bench pipeline has no HTTPServer');
    bound = server.port;
  } else if (kind === 'minimal') {
    const s = await startMinimalProxy(backend, port);
    bound = (s.address() as { port: number }).port;
  } else if (kind === 'fastify') {
    bound = await startFastifyProxy(backend);
  } else {
    throw new Error(`unknown target ${kind}`);
  }
  const gcMs = watchGc();
  process.on('message', (m: { cmd?: string }) => {
    if (m.cmd === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (m.cmd === 'gc') process.send?.({ gc: { ...gcMs } });
    if (m.cmd === 'mem') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ rss: process.memoryUsage().rss });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port: bound });
}

/** Milliseconds spent in garbage collection since start, by kind (minor = scavenge, major = mark-compact). */
function watchGc(): { minor: number; major: number; other: number } {
  const totals = { minor: 0, major: 0, other: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) totals.minor += e.duration;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) totals.major += e.duration;
      else totals.other += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  return totals;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
