import { spawn, type ChildProcess } from 'node:child_process';

/** The built stats worker (`@gatehouse/stats-worker`, `dist/main.js`) as a child process. */
export class StatsWorkerProcess {
  private constructor(private readonly proc: ChildProcess) {}

  /** Starts it and resolves once it listens. */
  static async start(env: Record<string, string>): Promise<StatsWorkerProcess> {
    const main = require.resolve('@gatehouse/stats-worker/dist/main.js');
    const proc = spawn(process.execPath, [main], {
      env: { PATH: process.env['PATH'] ?? '', STATS_WORKER_PORT: '0', STATS_WORKER_BATCH_WAIT_MS: '20', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stats worker did not start:\n${log.join('')}`)), 20_000);
      proc.stdout!.on('data', (chunk: Buffer) => {
        log.push(chunk.toString());
        if (log.join('').includes('stats worker started')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`stats worker exited with ${code}:\n${log.join('')}`));
      });
    });
    return new StatsWorkerProcess(proc);
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGTERM');
    });
  }
}
