import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@gatehouse/test-support';

/** `dist/main.js`, from dist/bench. */
const MAIN = join(__dirname, '..', 'main.js');

export { freePort };

/** A gateway (`node dist/main.js`) the bench runs as its own process, on its own data dir. */
export class GatewayProcess {
  private proc: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);

  private constructor(
    readonly adminPort: number,
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts one with `env` added to ours; resolves once `/health/v1/ready` answers 200. */
  static async start(env: NodeJS.ProcessEnv): Promise<GatewayProcess> {
    const g = new GatewayProcess(await freePort(), mkdtempSync(join(tmpdir(), 'gh-bench-gw-')), env);
    await g.restart();
    return g;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** (Re)starts the process on the same data dir and admin port. */
  async restart(): Promise<void> {
    const env = { ...process.env, GATEWAY_LOG_LEVEL: 'warn', GATEWAY_ADMIN_API_KEY: '', ...this.env, GATEWAY_DATA_DIR: this.dir, GATEWAY_ADMIN_PORT: String(this.adminPort) };
    const proc = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    this.proc = proc;
    this.exit = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`gateway exited with ${proc.exitCode}`);
      try {
        if ((await fetch(`${this.adminUrl}/health/v1/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('gateway did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** One admin call; the answer's status and JSON body. */
  async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
    const res = await fetch(`${this.adminUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
  }

  /** Sends `signal`; resolves with the exit code once the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    return this.exit;
  }

  /** Kills the process (if running) and removes its data dir. */
  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The specs of a proxy route `/api/{rest...}` on `port` to `backendUrl` (HTTPServer, HTTPInput, HTTPOutput). */
export function proxyRouteSpecs(port: number, backendUrl: string, parallelism = 0): { plugins: object[]; pipeline: object } {
  return {
    plugins: [
      { type: 'HTTPServer', config: { plugin_name: 'srv', port } },
      { type: 'HTTPInput', config: { plugin_name: 'in', server_name: 'srv', path: '/api/{rest...}', methods: ['GET'] } },
      { type: 'HTTPOutput', config: { plugin_name: 'out', url_pattern: `${backendUrl}{REQUEST_URI}`, method: 'GET' } },
    ],
    pipeline: { type: 'LinearPipeline', config: { pipeline_name: 'api', plugin_names: ['srv', 'in', 'out'], parallelism } },
  };
}

/** Creates the route of `proxyRouteSpecs` through `g`'s admin API (`prefix` "/admin/v1" or a cluster group's). */
export async function createProxyRoute(g: GatewayProcess, port: number, backendUrl: string, prefix = '/admin/v1'): Promise<void> {
  const specs = proxyRouteSpecs(port, backendUrl);
  for (const p of specs.plugins) {
    const r = await g.api('POST', `${prefix}/plugins`, p);
    if (r.status !== 201) throw new Error(`create plugin: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const r = await g.api('POST', `${prefix}/pipelines`, specs.pipeline);
  if (r.status !== 201) throw new Error(`create pipeline: ${r.status} ${JSON.stringify(r.body)}`);
}
