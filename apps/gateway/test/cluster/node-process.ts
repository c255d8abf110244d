import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, type ApiAnswer } from '../admin/harness';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** A gateway node running as its own process (`node dist/main.js`). */
export class NodeProcess {
  private proc: ChildProcess | undefined;
  output = '';

  private constructor(
    readonly name: string,
    readonly env: NodeJS.ProcessEnv,
    readonly dir: string,
    readonly adminPort: number,
  ) {}

  /** Starts a node of `group` against `redisUrl`; resolves once it is ready (serves its config). */
  static async start(o: { name: string; group: string; mode: 'write' | 'read'; redisUrl: string; dir?: string }): Promise<NodeProcess> {
    const dir = o.dir ?? (await mkdtemp(join(tmpdir(), `gh-node-${o.name}-`)));
    const port = await freePort();
    const n = new NodeProcess(
      o.name,
      {
        GATEWAY_CLUSTER_REDIS_URL: o.redisUrl,
        GATEWAY_CLUSTER_GROUP: o.group,
        GATEWAY_CLUSTER_MODE: o.mode,
        GATEWAY_NODE_NAME: o.name,
        GATEWAY_DATA_DIR: dir,
        GATEWAY_ADMIN_PORT: String(port),
        GATEWAY_LOG_LEVEL: 'warn',
      },
      dir,
      port,
    );
    await n.restart();
    return n;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts the process (again, with the same data dir and port); resolves once it is ready. */
  async restart(): Promise<void> {
    const env = { ...process.env, ...this.env };
    delete env['GATEWAY_ADMIN_API_KEY'];
    this.proc = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    this.proc.stderr!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    // Generous: a cold node process on a loaded 2-core machine took about 20 s to boot.
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.proc.exitCode !== null) throw new Error(`node ${this.name} exited with ${this.proc.exitCode}: ${this.output}`);
      try {
        if ((await fetch(`${this.adminUrl}/health/v1/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        // Never leave a half-started node behind: it would keep the test run from exiting.
        this.proc.kill('SIGKILL');
        throw new Error(`node ${this.name} did not start: ${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  get(path: string): Promise<ApiAnswer> {
    return api(this.adminUrl, 'GET', path);
  }

  send(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    return api(this.adminUrl, method, path, body);
  }

  /** Sends `signal` and resolves once the process exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
  }

  /** Kills the process and removes its data dir. */
  async destroy(): Promise<void> {
    await this.kill('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}
