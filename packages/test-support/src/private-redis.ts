import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

/**
 * A redis-server of the test's own (the cluster benches use it too), on a free port, with AOF on (fsync every write), so a test may
 * stop, kill and restart it without touching the shared server. Its data survives a restart.
 */
export class PrivateRedis {
  private proc: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'gh-redis-'));
    const r = new PrivateRedis(port, dir);
    await r.restart();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port and data) and waits until it answers. */
  async restart(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500, enableOfflineQueue: false });
      c.on('error', () => undefined);
      try {
        await c.connect();
        if ((await c.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        c.disconnect();
      }
    }
  }

  /** Stops the server: SIGKILL when `hard`, else SIGTERM; resolves once it exited. */
  async stop(hard = false): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (p === undefined || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(hard ? 'SIGKILL' : 'SIGTERM');
    });
  }

  /** Stops the server and removes its data. */
  async destroy(): Promise<void> {
    await this.stop(true);
    await rm(this.dir, { recursive: true, force: true });
  }
}
