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

/**
 * The cross-pipeline hop of issue 11, the same route as `configureBenchPipelines` with one
 * pipeline: HTTPServer → HTTPInput → ThroughputRateLimiter(tps -1) → UpstreamOutput (round robin)
 * → two backend pipelines DownstreamInput → HTTPOutput (one shared pool), as on slide 14.
 */
export async function configureHopPipelines(gw: Gateway, backend: string, port: number): Promise<void> {
  await gw.createPlugin({ type: 'HTTPServer', config: { plugin_name: 'server', port, keepalive_sec: 60, max_connections: 100000 } });
  await gw.createPlugin({ type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '-1' } });
  await gw.createPlugin({ type: 'HTTPInput', config: { plugin_name: 'in0', server_name: 'server', path: '/bench/{rest...}', methods: ['GET', 'POST'] } });
  await gw.createPlugin({
    type: 'HTTPOutput',
    config: { plugin_name: 'out', url_pattern: `${backend}{REQUEST_URI}`, method: '{REQUEST_METHOD}', expected_response_codes: [] },
  });
  await gw.createPlugin({ type: 'DownstreamInput', config: { plugin_name: 'from-api', response_data_keys: ['HTTP_RESP_CODE', 'HTTP_RESP_HEADER', 'HTTP_RESP_BODY_IO'] } });
  for (const node of ['node0', 'node1']) {
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: node, plugin_names: ['from-api', 'out'], parallelism: 0 } });
  }
  await gw.createPlugin({
    type: 'UpstreamOutput',
    config: {
      plugin_name: 'spread',
      target_pipelines: ['node0', 'node1'],
      request_data_keys: ['HTTP_REQUEST_HEADER', 'HTTP_REQUEST_BODY_IO', 'REQUEST_URI', 'REQUEST_METHOD'],
    },
  });
  await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: 'api0', plugin_names: ['server', 'in0', 'limiter', 'spread'], parallelism: 0 } });
}
