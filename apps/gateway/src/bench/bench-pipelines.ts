import type { Gateway } from '../engine/gateway';

/**
 * The bench pipeline of the issue — HTTPServer → HTTPInput → ThroughputRateLimiter(tps -1) →
 * HTTPOutput — plus `routes - 1` more pipelines with their own routes on the same server, to
 * measure routing cost and memory with many routes.
 */
export async function configureBenchPipelines(gw: Gateway, backend: string, port: number, routes: number, accessLog = false): Promise<void> {
  await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'server', port, keepalive_sec: 60, max_connections: 100000, access_log: accessLog } });
  await gw.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '-1' } });
  for (let i = routes - 1; i >= 0; i--) {
    // Route 0 is the measured one, on the path the load generator hits; the others are siblings.
    const path = i === 0 ? '/bench/{rest...}' : `/svc${i}/items/{id}`;
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: `in${i}`, server_name: 'server', path, methods: ['GET', 'POST'] } });
    await gw.createPlugin({
      type: 'HTTPOutput',
      config: { plugin_name: `out${i}`, url_pattern: `${backend}{REQUEST_URI}`, method: '{REQUEST_METHOD}', expected_response_codes: [] },
    });
    await gw.createPipeline({
      type: 'LinearPipeline',
      config: { pipeline_name: `api${i}`, plugin_names: ['server', `in${i}`, 'limiter', `out${i}`], parallelism: 0 },
    });
  }
}

/**
 * The slow-body bench layout of issue 8: one HTTPServer, `/upload/{rest...}` (the route slow
 * clients trickle bodies into) and `/bench/{rest...}` (another route), two pipelines that share
 * one HTTPOutput and so one backend pool (128 connections by default).
 */
export async function configureSlowBodyPipelines(gw: Gateway, backend: string, port: number): Promise<void> {
  await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'server', port, keepalive_sec: 60, max_connections: 100000 } });
  await gw.createPlugin({
    type: 'HTTPOutput',
    config: { plugin_name: 'out', url_pattern: `${backend}{REQUEST_URI}`, method: '{REQUEST_METHOD}', expected_response_codes: [] },
  });
  for (const [name, path] of [
    ['api0', '/bench/{rest...}'],
    ['upload', '/upload/{rest...}'],
  ] as const) {
    await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: `${name}-in`, server_name: 'server', path, methods: ['GET', 'POST'] } });
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: name, plugin_names: ['server', `${name}-in`, 'out'], parallelism: 0 } });
  }
}
