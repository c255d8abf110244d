/**
 * The demo configuration: the reference's "HTTP proxy with limiter" recipe
 * (HTTPServer → HTTPInput → ThroughputRateLimiter(tps "11") → HTTPOutput) in front of the demo
 * backend, plus an API-upgrade route that answers `/v1/…` with a 301 to `/api/…` without
 * calling the backend (the talk's HTTPRedirect), and slide 14's load-balancing topology
 * (demo-balanced.ts).
 */

import { balancedRoutes } from './demo-balanced';
import type { DemoTokenKeyFiles } from './demo-keys';

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
  /** Adds the slide-16 routes: POST /login to this auth service, /private/… and POST /logout. */
  login?: { authUrl: string; key: DemoTokenKeyFiles };
}

/** The demo's limiter rate: 11 requests per second, so a burst of 30 requests shows 429s. */
export const DEMO_TPS = '11';
/** How long a request may wait for a limiter token before its 429. */
export const DEMO_LIMITER_WAIT_MS = 200;
/** Requests in the guide's burst example. */
export const DEMO_BURST_REQUESTS = 30;

/**
 * What the burst example shows when its requests arrive together: the bucket's burst
 * (floor(tps)+1, as ThroughputRateLimiter sizes it) passes at once, the tokens that refill while
 * the others wait pass too, and the rest get 429.
 */
export function burstOutcome(requests = DEMO_BURST_REQUESTS): { burst: number; waitMs: number; pass: number; limited: number } {
  const tps = Number(DEMO_TPS);
  const burst = Math.floor(tps) + 1;
  const pass = Math.min(requests, burst + Math.floor((tps * DEMO_LIMITER_WAIT_MS) / 1000));
  return { burst, waitMs: DEMO_LIMITER_WAIT_MS, pass, limited: requests - pass };
}

/** Builds the demo specs for the given addresses. */
export function demoConfig(opts: DemoConfigOptions = {}): DemoConfig {
  const backendUrl = opts.backendUrl ?? 'http://127.0.0.1:18080';
  const simple = proxyAndRedirect(opts, backendUrl);
  const balanced = balancedRoutes(backendUrl);
  const base = { plugins: [...simple.plugins, ...balanced.plugins], pipelines: [...simple.pipelines, ...balanced.pipelines] };
  if (!opts.login) return base;
  const login = loginRoutes(opts.login);
  return { plugins: [...base.plugins, ...login.plugins], pipelines: [...base.pipelines, ...login.pipelines] };
}

/**
 * Slide 16: POST /login goes to the auth service and TokenIssuer turns its X-UID into an
 * X-DDGW-TOKEN; /private/… requires the token (TokenValidator before the limiter) and the
 * backend receives X-UID; POST /logout revokes the token.
 */
function loginRoutes(login: NonNullable<DemoConfigOptions['login']>): DemoConfig {
  const { key } = login;
  const signKeys = [{ kid: key.kid, alg: key.alg, private_key_file: key.private_key_file }];
  const verifyKeys = [{ kid: key.kid, alg: key.alg, public_key_file: key.public_key_file }];
  const pipeline = (name: string, plugins: string[]): DemoSpec => ({
    type: 'LinearPipeline',
    config: { pipeline_name: name, plugin_names: plugins, parallelism: 0 },
  });
  return {
    plugins: [
      { type: 'HTTPInput', config: { plugin_name: 'demo-login-in', server_name: 'demo-server', path: '/login', methods: ['POST'] } },
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: 'demo-auth-out',
          url_pattern: `${login.authUrl}/v1/login`,
          method: 'POST',
          timeout_sec: 10,
          expected_response_codes: [],
        },
      },
      { type: 'TokenIssuer', config: { plugin_name: 'demo-token-issuer', keys: signKeys, active_kid: key.kid, ttl_sec: 3600 } },
      { type: 'HTTPInput', config: { plugin_name: 'demo-private-in', server_name: 'demo-server', path: '/private/{path...}' } },
      { type: 'TokenValidator', config: { plugin_name: 'demo-token-validator', keys: verifyKeys, algorithms: ['EdDSA'] } },
      { type: 'HTTPInput', config: { plugin_name: 'demo-logout-in', server_name: 'demo-server', path: '/logout', methods: ['POST'] } },
      { type: 'TokenValidator', config: { plugin_name: 'demo-token-revoker', keys: verifyKeys, algorithms: ['EdDSA'], revoke: true } },
    ],
    pipelines: [
      pipeline('demo-login', ['demo-server', 'demo-login-in', 'demo-auth-out', 'demo-token-issuer']),
      pipeline('demo-private', ['demo-server', 'demo-private-in', 'demo-token-validator', 'demo-limiter', 'demo-backend-out']),
      pipeline('demo-logout', ['demo-server', 'demo-logout-in', 'demo-token-revoker']),
    ],
  };
}

function proxyAndRedirect(opts: DemoConfigOptions, backendUrl: string): DemoConfig {
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
        config: { plugin_name: 'demo-limiter', tps: DEMO_TPS, timeout_msec: DEMO_LIMITER_WAIT_MS },
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
