import { MemoryConfigStore } from '../config-store/config-store';
import { Gateway } from '../engine/gateway';
import { builtinPlugins } from '../plugins';
import { configureBenchPipelines, configureSlowBodyPipelines } from './bench-pipelines';
import { startFastifyProxy } from './fastify-proxy';
import { startMinimalProxy } from './minimal-proxy';

/**
 * A forked bench target: `gateway [routes]`, `gateway-slow-body`, `minimal` or `fastify`, proxying to the backend in
 * argv. It reports its port, then answers CPU and memory probes over IPC so the bench can charge
 * each proxy only for its own work.
 */
async function main(): Promise<void> {
  const [kind, backend, routesArg] = process.argv.slice(2);
  if (!kind || !backend) throw new Error('usage: target-process <gateway|gateway-slow-body|minimal|fastify> <backendUrl> [routes]');
  const port = 0;
  let bound = 0;
  if (kind === 'gateway' || kind === 'gateway-slow-body') {
    const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins });
    await gw.start();
    if (kind === 'gateway') await configureBenchPipelines(gw, backend, port, Number(routesArg ?? 1));
    else await configureSlowBodyPipelines(gw, backend, port);
    const server = gw.pipeline('api0')!.currentHandles().find((h) => h.pluginType === 'HTTPServer')!.instance as unknown as {
      port: number;
    };
    bound = server.port;
  } else if (kind === 'minimal') {
    const s = await startMinimalProxy(backend, port);
    bound = (s.address() as { port: number }).port;
  } else if (kind === 'fastify') {
    bound = await startFastifyProxy(backend);
  } else {
    throw new Error(`unknown target ${kind}`);
  }
  process.on('message', (m: { cmd?: string }) => {
    if (m.cmd === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (m.cmd === 'mem') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ rss: process.memoryUsage().rss });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port: bound });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
