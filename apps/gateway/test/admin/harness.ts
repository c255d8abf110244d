import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { bootstrap, type BootstrapOptions, type RunningGateway } from '../../src/bootstrap';

/** A fresh temporary data directory. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'gh-gateway-'));
}

/** Removes a directory made by `tempDataDir`. */
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A pino logger that keeps its JSON lines in `lines`. */
export function memoryLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      cb();
    },
  });
  return {
    logger: pino({ level: 'debug' }, sink),
    lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Starts a gateway in-process on an ephemeral admin port with a silent logger. */
export function startGateway(opts: BootstrapOptions): Promise<RunningGateway> {
  return bootstrap({ adminPort: 0, logger: pino({ level: 'silent' }), ...opts });
}

export { freePort } from '@gatehouse/test-support';

/** One admin API answer. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** Calls the admin API; `body` is sent as JSON unless it is already a string. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${baseUrl}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

/** The bytes of plugins.json and pipelines.json (null when absent). */
export async function diskState(
  dir: string,
): Promise<{ plugins: string | null; pipelines: string | null }> {
  const read = (f: string): Promise<string | null> =>
    readFile(join(dir, f), 'utf8').catch(() => null);
  return { plugins: await read('plugins.json'), pipelines: await read('pipelines.json') };
}

/** The specs of a small proxy: server → input → limiter → output, plus its pipeline. */
export function proxySpecs(gatewayPort: number, backendUrl: string, prefix = 'p') {
  return {
    plugins: [
      { type: 'HTTPServer', config: { plugin_name: `${prefix}-server`, port: gatewayPort } },
      {
        type: 'HTTPInput',
        config: {
          plugin_name: `${prefix}-in`,
          server_name: `${prefix}-server`,
          path: '/api/{rest...}',
        },
      },
      { type: 'ThroughputRateLimiter', config: { plugin_name: `${prefix}-limit`, tps: '-1' } },
      {
        type: 'HTTPOutput',
        config: {
          plugin_name: `${prefix}-out`,
          url_pattern: `${backendUrl}{REQUEST_URI}`,
          method: '{REQUEST_METHOD}',
        },
      },
    ],
    pipeline: {
      type: 'LinearPipeline',
      config: {
        pipeline_name: `${prefix}-pipe`,
        plugin_names: [`${prefix}-server`, `${prefix}-in`, `${prefix}-limit`, `${prefix}-out`],
        parallelism: 8,
      },
    },
  };
}
