/** A plugin or pipeline spec as the admin API takes it (demo-config.ts's DemoSpec). */
interface DemoSpec {
  type: string;
  config: Record<string, unknown>;
}

/** The demo's backend nodes: one pipeline each, with its own parallelism and weight (slide 14). */
export const DEMO_NODES = [
  { name: 'a', parallelism: 8, weight: 2 },
  { name: 'b', parallelism: 4, weight: 1 },
] as const;

/** Rate of each balanced API's own limiter. */
export const DEMO_BALANCED_TPS = '100';

const REQUEST_KEYS = ['HTTP_REQUEST_HEADER', 'HTTP_REQUEST_BODY_IO', 'REQUEST_URI', 'REQUEST_METHOD'];
const RESPONSE_KEYS = ['HTTP_RESP_CODE', 'HTTP_RESP_HEADER', 'HTTP_RESP_BODY_IO'];

function pipeline(name: string, plugins: string[], parallelism: number): DemoSpec {
  return { type: 'LinearPipeline', config: { pipeline_name: name, plugin_names: plugins, parallelism } };
}

/**
 * Slide 14's load-balancing topology: two public APIs (`/orders/…`, `/catalog/…`), each its own
 * pipeline with its own limiter, end in one UpstreamOutput (`demo-spread`, weighted round robin
 * 2:1) that spreads them over one pipeline per backend node (`demo-node-a`, parallelism 8;
 * `demo-node-b`, parallelism 4), so each node's concurrency is bounded on its own. Both demo
 * nodes call the one local echo backend and mark the request with `X-Demo-Node`, so the echo
 * shows which node served it; in production each node pipeline names its own host.
 */
export function balancedRoutes(backendUrl: string): { plugins: DemoSpec[]; pipelines: DemoSpec[] } {
  const apis = ['orders', 'catalog'];
  return {
    plugins: [
      ...apis.flatMap((api): DemoSpec[] => [
        { type: 'HTTPInput', config: { plugin_name: `demo-${api}-in`, server_name: 'demo-server', path: `/${api}/{path...}`, methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'] } },
        { type: 'ThroughputRateLimiter', config: { plugin_name: `demo-${api}-limiter`, tps: DEMO_BALANCED_TPS, timeout_msec: 200 } },
      ]),
      {
        type: 'UpstreamOutput',
        config: {
          plugin_name: 'demo-spread',
          target_pipelines: DEMO_NODES.map((n) => `demo-node-${n.name}`),
          route_policy: 'weighted_round_robin',
          target_weights: DEMO_NODES.map((n) => n.weight),
          request_data_keys: REQUEST_KEYS,
          timeout_sec: 10,
        },
      },
      { type: 'DownstreamInput', config: { plugin_name: 'demo-from-api', response_data_keys: RESPONSE_KEYS } },
      ...DEMO_NODES.map(
        (n): DemoSpec => ({
          type: 'HTTPOutput',
          config: {
            plugin_name: `demo-node-${n.name}-out`,
            url_pattern: `${backendUrl}{REQUEST_URI}`,
            method: '{REQUEST_METHOD}',
            header_patterns: { 'X-Forwarded-By': 'gatehouse', 'X-Demo-Node': n.name },
            timeout_sec: 5,
            expected_response_codes: [],
          },
        }),
      ),
    ],
    pipelines: [
      ...DEMO_NODES.map((n) => pipeline(`demo-node-${n.name}`, ['demo-from-api', `demo-node-${n.name}-out`], n.parallelism)),
      ...apis.map((api) => pipeline(`demo-${api}`, ['demo-server', `demo-${api}-in`, `demo-${api}-limiter`, 'demo-spread'], 0)),
    ],
  };
}
