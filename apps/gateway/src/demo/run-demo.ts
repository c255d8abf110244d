#!/usr/bin/env node
/**
 * `pnpm demo`: starts the demo backend and a gateway (admin plane + data plane) on embedded
 * defaults — file config store, in-process everything, no Redis/Postgres/Consul — puts the demo
 * configuration in place through the engine API, and prints what to try.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { bootstrap, optionsFromEnv, type RunningGateway } from '../bootstrap';
import { parseEntryFlags } from '../cli/entry-flags';
import type { Gateway } from '../engine/gateway';
import type { Logger } from '../engine/logger';
import { DEMO_USER, startDemoAuth, type DemoAuth } from './demo-auth';
import { startDemoBackend, type DemoBackend } from './demo-backend';
import { burstOutcome, demoConfig, DEMO_BURST_REQUESTS, DEMO_TPS, type DemoSpec } from './demo-config';
import { demoTokenKeyFiles } from './demo-keys';

/** Where the demo's parts listen and keep their config. */
export interface DemoOptions {
  /** @default 18080 (env DEMO_BACKEND_PORT) */
  backendPort?: number;
  /** Port of the demo's auth service (slide-16 login flow). @default 18081 (env DEMO_AUTH_PORT) */
  authPort?: number;
  /** Start the auth service and the login routes. @default true (env DEMO_LOGIN=0 turns it off) */
  login?: boolean;
  /** The data plane port. @default 10080 (env DEMO_GATEWAY_PORT) */
  gatewayPort?: number;
  /** @default 9090 (env GATEWAY_ADMIN_PORT) */
  adminPort?: number;
  /** @default `$XDG_STATE_HOME/gatehouse/demo`, i.e. `~/.local/state/gatehouse/demo` (env GATEWAY_DATA_DIR) */
  dataDir?: string;
  /** @default env GATEWAY_ADMIN_API_KEY */
  apiKey?: string;
  /** @default pino at level "warn" (the demo prints its own guide) */
  logger?: Logger;
}

/** A running demo. */
export interface RunningDemo {
  backend: DemoBackend;
  /** The auth service child, when the login flow is on. */
  auth: DemoAuth | undefined;
  gateway: RunningGateway;
  /** Base URL of the data plane, e.g. `http://127.0.0.1:10080`. */
  gatewayUrl: string;
  /** Names of the specs this run created or updated (empty when the stored config was the demo's). */
  applied: string[];
  /** The text printed for the user. */
  guide: string;
  close(): Promise<void>;
}

function nameOf(spec: DemoSpec): string {
  return String(spec.config['plugin_name'] ?? spec.config['pipeline_name']);
}

/**
 * True when every field the demo sets has that value in the stored config (defaults aside).
 * Compared as JSON, which is what the store keeps (and blind to which realm built the arrays).
 */
function matches(stored: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([k, v]) => JSON.stringify(stored[k]) === JSON.stringify(v));
}

/**
 * Creates what is absent and updates what differs (e.g. another backend port), plugins first,
 * then pipelines; leaves everything else in the data directory alone.
 */
async function applyDemoConfig(
  gateway: Gateway,
  specs: { plugins: DemoSpec[]; pipelines: DemoSpec[] },
): Promise<string[]> {
  const applied: string[] = [];
  for (const spec of specs.plugins) {
    const stored = gateway.listPlugins().find((p) => p.config.plugin_name === nameOf(spec));
    if (!stored) await gateway.createPlugin(spec);
    else if (!matches(stored.config, spec.config)) await gateway.updatePlugin(spec);
    else continue;
    applied.push(nameOf(spec));
  }
  for (const spec of specs.pipelines) {
    const stored = gateway.listPipelines().find((p) => p.config.pipeline_name === nameOf(spec));
    if (!stored) await gateway.createPipeline(spec);
    else if (!matches(stored.config, spec.config)) await gateway.updatePipeline(spec);
    else continue;
    applied.push(nameOf(spec));
  }
  return applied;
}

/** The instructions the demo prints. */
export function demoGuide(
  gatewayUrl: string,
  adminUrl: string,
  backendUrl: string,
  dataDir: string,
  apiKey?: string,
  authUrl?: string,
): string {
  const auth = apiKey ? ` -H 'Authorization: Bearer ${apiKey}'` : '';
  const burst = burstOutcome();
  const login = authUrl
    ? [
        `Login flow of slide 16 (auth service ${authUrl}, user ${DEMO_USER.username} / ${DEMO_USER.password}):`,
        `  TOKEN=$(curl -s -D - -o /dev/null -X POST ${gatewayUrl}/login -H 'content-type: application/json' \\`,
        `    -d '{"username":"${DEMO_USER.username}","password":"${DEMO_USER.password}"}' | awk 'tolower($1)=="x-ddgw-token:" {print $2}' | tr -d '\\r')`,
        `  curl -s ${gatewayUrl}/private/whoami -H "X-DDGW-TOKEN: $TOKEN"     # the backend sees x-uid`,
        `  curl -s -i -X POST ${gatewayUrl}/logout -H "X-DDGW-TOKEN: $TOKEN"  # 204`,
        `  curl -s -i ${gatewayUrl}/private/whoami -H "X-DDGW-TOKEN: $TOKEN"  # 401 now`,
        '',
      ]
    : [];
  return [
    'Gatehouse demo is running (Ctrl-C stops it).',
    `  dashboard   ${adminUrl}/${apiKey ? '   (it asks for the admin key)' : ''}`,
    `  data plane  ${gatewayUrl}   admin API  ${adminUrl}   backend  ${backendUrl}`,
    `  config kept in ${dataDir}`,
    '',
    'Proxied through HTTPServer -> HTTPInput -> ThroughputRateLimiter(11/s) -> HTTPOutput:',
    `  curl -s ${gatewayUrl}/api/hello?name=world`,
    `  curl -s -X POST -d '{"hello":"gatehouse"}' ${gatewayUrl}/api/echo`,
    `  curl -s -i ${gatewayUrl}/api/status/503`,
    '',
    'Load balancing of slide 14: /orders/… and /catalog/… (each its own pipeline and limiter) -> UpstreamOutput',
    '(weighted round robin 2:1) -> one pipeline per backend node (node a: parallelism 8, node b: 4); the echo shows x-demo-node:',
    `  for i in 1 2 3 4 5 6; do curl -s ${gatewayUrl}/orders/$i | grep -o '"x-demo-node":"[ab]"'; done`,
    '',
    'API upgrade by HTTPRedirect (301, no backend call):',
    `  curl -s -i ${gatewayUrl}/v1/hello?name=world`,
    '',
    `Rate limit: ${DEMO_BURST_REQUESTS} requests sent at once (curl's parallel mode), about ${burst.pass} pass and ${burst.limited} get 429`,
    `(a burst of ${burst.burst}, then ${DEMO_TPS}/s; a request waits up to ${burst.waitMs} ms for a token; requests spread over a second pass more):`,
    `  curl -Z --parallel-immediate --parallel-max ${DEMO_BURST_REQUESTS} --no-progress-meter -o /dev/null -w '%{http_code}\\n' '${gatewayUrl}/api/burst?n=[1-${DEMO_BURST_REQUESTS}]' | sort | uniq -c`,
    '',
    `Admin API (or the CLI: node ${join(__dirname, '..', 'cli', 'main.js')}${apiKey ? ' --api-key <key>' : ''} admin plugin ls):`,
    `  curl -s${auth} ${adminUrl}/admin/v1/plugins`,
    `  curl -s${auth} ${adminUrl}/admin/v1/pipelines`,
    `  curl -s${auth} -X PUT ${adminUrl}/admin/v1/plugins -d '{"type":"ThroughputRateLimiter","config":{"plugin_name":"demo-limiter","tps":"2"}}'`,
    `  curl -s ${adminUrl}/health/v1/check`,
    `  OpenAPI: ${adminUrl}/openapi.json   UI: ${adminUrl}/docs`,
    '',
    ...login,
  ].join('\n');
}

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, got ${JSON.stringify(raw)}`);
  return n;
}

/** The demo's data directory in the user's own space: `$XDG_STATE_HOME/gatehouse/demo`. */
export function defaultDemoDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(state, 'gatehouse', 'demo');
}

/** Starts the backend and the gateway and applies the demo configuration. */
export async function runDemo(opts: DemoOptions = {}): Promise<RunningDemo> {
  const env = optionsFromEnv();
  const dataDir = opts.dataDir ?? env.dataDir ?? defaultDemoDataDir();
  // Only the user reads it: it holds the token signing key and the auth database.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const apiKey = opts.apiKey ?? env.apiKey;
  const logger = opts.logger ?? pino({ name: 'gatehouse-demo', level: 'warn' });
  const backend = await startDemoBackend({
    port: opts.backendPort ?? envPort('DEMO_BACKEND_PORT', 18080),
  });
  const gatewayPort = opts.gatewayPort ?? envPort('DEMO_GATEWAY_PORT', 10080);
  const withLogin = opts.login ?? process.env['DEMO_LOGIN'] !== '0';
  let auth: DemoAuth | undefined;
  let gateway: RunningGateway;
  try {
    if (withLogin) auth = await startDemoAuth(dataDir, opts.authPort ?? envPort('DEMO_AUTH_PORT', 18081));
    gateway = await bootstrap({
      ...env,
      dataDir,
      apiKey,
      adminPort: opts.adminPort ?? env.adminPort ?? 9090,
      logger,
    });
  } catch (err) {
    await auth?.close();
    await backend.close();
    throw err;
  }
  try {
    const login = auth ? { authUrl: auth.url, key: demoTokenKeyFiles(dataDir) } : undefined;
    const applied = await applyDemoConfig(
      gateway.gateway,
      demoConfig({ gatewayPort, backendUrl: backend.url, ...(login ? { login } : {}) }),
    );
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    return {
      backend,
      auth,
      gateway,
      gatewayUrl,
      applied,
      guide: demoGuide(gatewayUrl, gateway.adminUrl, backend.url, dataDir, apiKey, auth?.url),
      close: async () => {
        await gateway.close();
        await auth?.close();
        await backend.close();
      },
    };
  } catch (err) {
    await gateway.close();
    await auth?.close();
    await backend.close();
    throw err;
  }
}

const USAGE = `Usage: pnpm demo  (or node dist/demo/run-demo.js [--help] [--version])

Runs the gateway demo on embedded defaults: a demo backend, the auth service (slide-16 login),
the gateway's data plane and admin API, and prints curl lines to try. Ctrl-C stops it.

  DEMO_BACKEND_PORT      demo backend port (default 18080)
  DEMO_AUTH_PORT         auth service port (default 18081)
  DEMO_GATEWAY_PORT      data plane port (default 10080)
  DEMO_LOGIN=0           no auth service and no login routes
  GATEWAY_ADMIN_PORT     admin API port (default 9090)
  GATEWAY_DATA_DIR       config, token key files and auth database
                         (default $XDG_STATE_HOME/gatehouse/demo, i.e. ~/.local/state/gatehouse/demo)
  GATEWAY_ADMIN_API_KEY  key for the admin API (default none: it listens on 127.0.0.1 only)
`;

if (require.main === module) {
  const flags = parseEntryFlags(process.argv.slice(2), { name: 'gatehouse-demo', usage: USAGE });
  if ('exit' in flags) {
    process.exitCode = flags.exit;
  } else {
    runDemo().then(
      (demo) => {
        process.stdout.write(demo.guide);
        let stopping = false;
        const stop = (): void => {
          if (stopping) return;
          stopping = true;
          process.stdout.write('\nStopping the demo…\n');
          demo.close().then(
            () => process.exit(0),
            (err: unknown) => {
              process.stderr.write(`gatehouse demo: stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
              process.exit(1);
            },
          );
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      },
      (err: unknown) => {
        process.stderr.write(
          `gatehouse demo: cannot start: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        process.exitCode = 1;
      },
    );
  }
}
