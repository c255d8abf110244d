import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** The built worker (`dist/main.js`, run `pnpm build` first) as a child process of its own. */
export class WorkerProcess {
  private constructor(
    private readonly proc: ChildProcess,
    readonly url: string,
    readonly log: string[],
  ) {}

  /** Starts it on a free port and resolves once it listens. */
  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const proc = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env['PATH'] ?? '', STATS_WORKER_PORT: '0', STATS_WORKER_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start:\n${log.join('\n')}`)), 20_000);
      let buf = '';
      proc.stdout!.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          log.push(line);
          const m = /"url":"(http:[^"]+)"/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        }
      });
      proc.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code}:\n${log.join('\n')}`));
      });
    });
    return new WorkerProcess(proc, url, log);
  }

  /** SIGKILL: no cleanup, locks left behind. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM, waiting for the exit. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.kill(sig);
    });
  }
}

/** Polls `check` until it holds, or fails naming `what`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One sample's value from a Prometheus text exposition, e.g. `metric('stats_worker_jobs_total{outcome="folded"}')`. */
export function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
