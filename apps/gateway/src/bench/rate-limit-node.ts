import { MemoryConfigStore } from '../config-store/config-store';
import { Gateway } from '../engine/gateway';
import { builtinPlugins } from '../plugins';
import { HttpServer } from '../plugins/http-server/http-server';

/**
 * One gateway node of the cluster rate-limit bench, in its own process: HTTPServer → HTTPInput →
 * ThroughputRateLimiter (policy redis) → HTTPOutput to the bench backend. Reports its port.
 * argv: <backendUrl> <redisUrl> <redisPrefix> <windowLimit> <windowSec>
 */
async function main(): Promise<void> {
  const [backend, redisUrl, prefix, limit, windowSec] = process.argv.slice(2);
  if (!backend || !redisUrl || !prefix || !limit || !windowSec) throw new Error('usage: rate-limit-node <backendUrl> <redisUrl> <prefix> <limit> <windowSec>');
  const gw = new Gateway({ store: new MemoryConfigStore(), plugins: builtinPlugins });
  await gw.start();
  await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'server', port: 0, keepalive_sec: 60 } });
  await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'server', path: '/limited', methods: ['GET'] } });
  await gw.createPlugin({
    type: 'ThroughputRateLimiter',
    config: { plugin_name: 'limiter', policy: 'redis', window_limit: Number(limit), window_sec: Number(windowSec), redis_url: redisUrl, redis_prefix: prefix, redis_failure: 'closed', redis_timeout_msec: 2000 },
  });
  await gw.createPlugin({ type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backend}/ok`, method: 'GET' } });
  await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'api', plugin_names: ['server', 'in', 'limiter', 'out'], parallelism: 0 } });
  const server = gw.pipeline('api')!.currentHandles().find((h) => h.instance instanceof HttpServer)?.instance;
  if (!(server instanceof HttpServer)) throw new Error('the pipeline has no HTTPServer');
  process.on('disconnect', () => {
    void gw.stop().finally(() => process.exit(0));
  });
  process.send?.({ port: server.port });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
