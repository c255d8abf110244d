/**
 * The demo configuration: the reference's "HTTP proxy with limiter" recipe
 * (HTTPServer → HTTPInput → ThroughputRateLimiter(tps "11") → HTTPOutput) in front of the demo
 * backend, plus an API-upgrade route that answers `/v1/…` with a 301 to `/api/…` without
 * calling the backend (the talk's HTTPRedirect).
 */

/** A plugin or pipeline spec as the admin API takes it. */
export interface DemoSpec {
  type: string;
  config: Record<string, unknown>;
}

/** What the demo adds to a gateway. */
export interface DemoConfig {
  plugins: DemoSpec[];
  pipelines: DemoSpec[];
}

/** Where the demo's parts listen. */
export interface DemoConfigOptions {
  /** The data plane's HTTPServer host. @default "127.0.0.1" */
  gatewayHost?: string;
  /** The data plane's HTTPServer port. @default 10080 */
  gatewayPort?: number;
  /** Base URL of the demo backend. @default "http://127.0.0.1:18080" */
  backendUrl?: string;
}

/** The demo's limiter rate: 11 requests per second, so a burst of 20 curls shows 429s. */
export const DEMO_TPS = '11';

/** Builds the demo specs for the given addresses. */
export function demoConfig(opts: DemoConfigOptions = {}): DemoConfig {
  const backendUrl = opts.backendUrl ?? 'http://127.0.0.1:18080';
  return {
    plugins: [
      {
        type: 'HTTPServer',
        config: {
          plugin_name: 'demo-server',
          host: opts.gatewayHost ?? '127.0.0.1',
          port: opts.gatewayPort ?? 10080,
          keepalive_sec: 30,
        },
      },
      {
        type: 'HTTPInput',
        config: {
          plugin_name: 'demo-api-in',
          server_name: 'demo-server',
          path: '/api/{path...}',
          methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'],
        },
      },
      {
        type: 'ThroughputRateLimiter',
        config: { plugin_name: 'demo-limiter', tps: DEMO_TPS, timeout_msec: 200 },
      },
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: 'demo-backend-out',
          url_pattern: `${backendUrl}{REQUEST_URI}`,
          method: '{REQUEST_METHOD}',
          header_patterns: { 'X-Forwarded-By': 'gatehouse' },
          timeout_sec: 5,
          expected_response_codes: [],
        },
      },
      {
        type: 'HTTPInput',
        config: {
          plugin_name: 'demo-v1-in',
          server_name: 'demo-server',
          path: '/v1/{path...}',
          methods: ['GET', 'HEAD'],
        },
      },
      {
        type: 'HTTPRedirect',
        config: {
          plugin_name: 'demo-v1-redirect',
          match: '^/v1/(.*)$',
          replacement: '/api/$1',
          status_code: 301,
        },
      },
    ],
    pipelines: [
      {
        type: 'LinearPipeline',
        config: {
          pipeline_name: 'demo-api',
          plugin_names: ['demo-server', 'demo-api-in', 'demo-limiter', 'demo-backend-out'],
          parallelism: 10,
        },
      },
      {
        type: 'LinearPipeline',
        config: {
          pipeline_name: 'demo-v1-upgrade',
          plugin_names: ['demo-server', 'demo-v1-in', 'demo-v1-redirect'],
          parallelism: 0,
        },
      },
    ],
  };
}
