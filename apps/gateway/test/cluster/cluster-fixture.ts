import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { bootstrap, type RunningGateway } from '../../src/bootstrap';
import { serviceUrl } from '@gatehouse/test-support';
import { api, type ApiAnswer } from '../admin/harness';

/** A node of a test cluster running in this process. */
export interface TestNode {
  gw: RunningGateway;
  dir: string;
  get(path: string): Promise<ApiAnswer>;
  send(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
}

/** A fresh group name, so concurrent tests on the shared Redis never meet. */
export function testGroup(): string {
  return `t-${randomUUID().slice(0, 8)}`;
}

/** Starts a node of `group` in this process, on its own data dir (kept across `restart`). */
export async function startNode(group: string, mode: 'write' | 'read', name: string, opts: { dir?: string; redisUrl?: string; secretKey?: Buffer } = {}): Promise<TestNode> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), `gh-cluster-${name}-`)));
  const gw = await bootstrap({
    adminPort: 0,
    dataDir: dir,
    logger: pino({ level: 'silent' }),
    cluster: { redisUrl: opts.redisUrl ?? serviceUrl('redis'), group, mode, nodeName: name, ...(opts.secretKey ? { secretKey: opts.secretKey } : {}) },
  });
  return {
    gw,
    dir,
    get: (path) => api(gw.adminUrl, 'GET', path),
    send: (method, path, body) => api(gw.adminUrl, method, path, body),
  };
}

/** Stops a node and removes its data dir. */
export async function stopNode(n: TestNode, keepDir = false): Promise<void> {
  await n.gw.close();
  if (!keepDir) await rm(n.dir, { recursive: true, force: true });
}

/** Waits until `cond` holds, polling every 10 ms, or fails after `ms`. */
export async function eventually(cond: () => Promise<boolean> | boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The specs of a tiny echo route: server (port 0) → input → TestStep-free output to `backendUrl`. */
export function routeSpecs(prefix: string, path: string, backendUrl: string) {
  return {
    plugins: [
      { type: 'HTTPServer', config: { plugin_name: `${prefix}-srv`, port: 0 } },
      { type: 'HTTPInput', config: { plugin_name: `${prefix}-in`, server_name: `${prefix}-srv`, path, methods: ['GET'] } },
      { type: 'HTTPOutput', config: { plugin_name: `${prefix}-out`, url_pattern: `${backendUrl}{REQUEST_URI}`, method: 'GET', expected_response_codes: [] } },
    ],
    pipeline: {
      type: 'LinearPipeline',
      config: { pipeline_name: prefix, plugin_names: [`${prefix}-srv`, `${prefix}-in`, `${prefix}-out`] },
    },
  };
}

/** The port a node's HTTPServer plugin bound (its LISTEN_PORT indicator). */
export async function dataPort(n: TestNode, pipeline: string, server: string): Promise<number> {
  const r = await n.get(`/statistics/v1/pipelines/${pipeline}/plugins/${server}/indicators/LISTEN_PORT/value`);
  if (r.status !== 200) throw new Error(`no LISTEN_PORT: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.value as number;
}
