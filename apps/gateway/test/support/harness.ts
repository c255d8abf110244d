import { connect } from 'node:net';
import { MemoryConfigStore, type ConfigStore, type LoadedConfig, type StoredConfig } from '../../src/config-store/config-store';
import type { Operation } from '../../src/config-store/operation';
import type { Clock } from '../../src/engine/clock';
import { Gateway } from '../../src/engine/gateway';
import type { LinearPipeline, ParallelismBounds } from '../../src/engine/linear-pipeline';
import type { MapServiceDirectory } from '../../src/engine/service-directory';
import type { Task } from '../../src/engine/task';

import { builtinPlugins } from '../../src/plugins';
import { testPlugins } from './test-plugins';

/** A memory store whose next appends can be made to throw, to prove a failed save changes nothing. */
export class FlakyStore implements ConfigStore {
  readonly inner = new MemoryConfigStore();
  failSaves = false;
  saves = 0;

  load(): Promise<LoadedConfig> {
    return this.inner.load();
  }

  async append(seq: number, op: Operation, result: StoredConfig): Promise<void> {
    if (this.failSaves) throw new Error('disk full (test double)');
    this.saves++;
    await this.inner.append(seq, op, result);
  }

  sequence(): Promise<number> {
    return this.inner.sequence();
  }
}

/** A started gateway with the built-in and the test-only plugin kinds. */
export async function startTestGateway(
  opts: { clock?: Clock; store?: ConfigStore; parallelism?: Partial<ParallelismBounds>; services?: MapServiceDirectory } = {},
): Promise<Gateway> {
  const gw = new Gateway({
    ...(opts.services ? { services: opts.services } : {}),
    store: opts.store ?? new MemoryConfigStore(),
    plugins: [...builtinPlugins, ...testPlugins],
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.parallelism ? { parallelism: opts.parallelism } : {}),
  });
  await gw.start();
  return gw;
}

/** Creates `plugins` and a pipeline over them; returns the running pipeline. */
export async function createPipeline(
  gw: Gateway,
  name: string,
  plugins: { type: string; config: Record<string, unknown> }[],
  config: Record<string, unknown> = {},
): Promise<LinearPipeline> {
  for (const p of plugins) if (!gw.model.getPlugin(p.config['plugin_name'] as string)) await gw.createPlugin(p);
  await gw.createPipeline({
    type: 'LinearPipeline',
    config: { pipeline_name: name, plugin_names: plugins.map((p) => p.config['plugin_name'] as string), ...config },
  });
  return gw.pipeline(name)!;
}

let nextTaskId = 0;

/**
 * Submits a task the way a source plugin does. `task` is the task (undefined when the pipeline
 * refused it); `done` resolves when it finished.
 */
export function submit(p: LinearPipeline, values: Record<string, unknown> = {}): { task: Task | undefined; done: Promise<Task>; id: number } {
  const id = ++nextTaskId;
  let resolveDone!: (t: Task) => void;
  const done = new Promise<Task>((r) => (resolveDone = r));
  const task = p.submit(undefined, (t) => {
    t.setValue('TASK_ID', id);
    for (const [k, v] of Object.entries(values)) t.setValue(k, v);
    t.addFinishedCallback(resolveDone);
  });
  return { task, done, id };
}

/** Lets queued microtasks and one macrotask turn run. */
export function tick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Waits until `cond` holds, polling every few ms, or fails after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export { freePort } from '@gatehouse/test-support';

/** Sends `raw` bytes on a fresh connection and returns everything received until the server closes or `ms` pass. */
export function rawExchange(port: number, raw: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    }, ms);
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', (err) => {
      clearTimeout(timer);
      if (chunks.length > 0) resolve(Buffer.concat(chunks).toString('latin1'));
      else reject(err);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    sock.write(raw);
  });
}

/** Parses the status line and JSON body of a raw HTTP/1.1 response with Content-Length. */
export function parseRaw(text: string): { status: number; headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end).split('\r\n');
  const status = Number(head[0]!.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, headers, body: text.slice(end + 4) };
}

/** Spec of an HTTPServer on an ephemeral port. */
export function serverSpec(name: string, config: Record<string, unknown> = {}): { type: string; config: Record<string, unknown> } {
  return { type: 'HTTPServer', config: { plugin_name: name, port: 0, ...config } };
}

/** Spec of an HTTPInput on `server`. */
export function inputSpec(name: string, server: string, config: Record<string, unknown>): { type: string; config: Record<string, unknown> } {
  return { type: 'HTTPInput', config: { plugin_name: name, server_name: server, ...config } };
}

/** Spec of a TestStep that answers with the JSON of task values `keys` (pair with response_body_buffer_key "ECHO"). */
export function echoSpec(name: string, keys: string[]): { type: string; config: Record<string, unknown> } {
  return { type: 'TestStep', config: { plugin_name: name, action: 'echo', key: 'ECHO', keys } };
}
