import type { Gateway } from '../../src/engine/gateway';
import type { TokenKeyConfig } from '../../src/plugins/shared/token-keys';
import { serverPort } from './gateway';

/**
 * The slide-16 layout on one HTTPServer: POST /login → auth backend → TokenIssuer; /private/…
 * → TokenValidator → limiter → backend; POST /logout → TokenValidator(revoke); /public/… →
 * backend with no token plugin. Returns the gateway's base URL.
 */
export async function tokenPipelines(
  gw: Gateway,
  o: {
    authUrl: string;
    backendUrl: string;
    issuerKeys: TokenKeyConfig[];
    activeKid: string;
    validatorKeys: TokenKeyConfig[];
    algorithms?: string[];
    revocation?: 'memory' | 'redis' | 'none';
    redisUrl?: string;
    redisPrefix?: string;
    ttlSec?: number;
  },
): Promise<string> {
  const validator = {
    keys: o.validatorKeys,
    algorithms: o.algorithms ?? ['EdDSA'],
    revocation: o.revocation ?? 'memory',
    ...(o.redisUrl ? { redis_url: o.redisUrl } : {}),
    ...(o.redisPrefix ? { redis_prefix: o.redisPrefix } : {}),
  };
  const plugins = [
    { type: 'HTTPServer', config: { plugin_name: 'srv', port: 0 } },
    { type: 'HTTPInput', config: { plugin_name: 'login-in', server_name: 'srv', path: '/login', methods: ['POST'] } },
    { type: 'HTTPOutput', config: { plugin_name: 'login-out', url_pattern: `${o.authUrl}/v1/login`, method: 'POST', expected_response_codes: [] } },
    { type: 'TokenIssuer', config: { plugin_name: 'issuer', keys: o.issuerKeys, active_kid: o.activeKid, ttl_sec: o.ttlSec ?? 600 } },
    { type: 'HTTPInput', config: { plugin_name: 'private-in', server_name: 'srv', path: '/private/{rest...}' } },
    { type: 'TokenValidator', config: { plugin_name: 'validator', ...validator } },
    { type: 'ThroughputRateLimiter', config: { plugin_name: 'limiter', tps: '-1' } },
    { type: 'HTTPOutput', config: { plugin_name: 'backend-out', url_pattern: `${o.backendUrl}{REQUEST_URI}`, method: '{REQUEST_METHOD}', expected_response_codes: [] } },
    { type: 'HTTPInput', config: { plugin_name: 'logout-in', server_name: 'srv', path: '/logout', methods: ['POST'] } },
    { type: 'TokenValidator', config: { plugin_name: 'revoker', ...validator, revoke: true } },
    { type: 'HTTPInput', config: { plugin_name: 'public-in', server_name: 'srv', path: '/public/{rest...}' } },
  ];
  for (const p of plugins) await gw.createPlugin(p);
  const pipelines: [string, string[]][] = [
    ['login', ['srv', 'login-in', 'login-out', 'issuer']],
    ['private', ['srv', 'private-in', 'validator', 'limiter', 'backend-out']],
    ['logout', ['srv', 'logout-in', 'revoker']],
    ['public', ['srv', 'public-in', 'backend-out']],
  ];
  for (const [name, names] of pipelines) {
    await gw.createPipeline({ type: 'LinearPipeline', config: { pipeline_name: name, plugin_names: names } });
  }
  return `http://127.0.0.1:${serverPort(gw, 'login')}`;
}
