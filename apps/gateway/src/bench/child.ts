import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A forked bench process that reports its port and answers IPC probes. */
export interface BenchChild {
  port: number;
  proc: ChildProcess;
  /** CPU time (user + system) the process has used, in µs. */
  cpuMicros(): Promise<number>;
  rssBytes(): Promise<number>;
  stop(): void;
}

function ask<T>(proc: ChildProcess, cmd: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>): void => {
      if (key in m) {
        proc.off('message', on);
        resolve(m[key] as T);
      }
    };
    proc.on('message', on);
    proc.send({ cmd });
  });
}

export function forkChild(script: string, args: string[]): Promise<BenchChild> {
  const proc = fork(join(__dirname, script), args, { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)));
    proc.once('message', (m: { port: number }) =>
      resolve({
        port: m.port,
        proc,
        cpuMicros: async () => {
          const c = await ask<{ user: number; system: number }>(proc, 'cpu', 'cpu');
          return c.user + c.system;
        },
        rssBytes: () => ask<number>(proc, 'mem', 'rss'),
        stop: () => {
          proc.removeAllListeners('exit');
          proc.kill();
        },
      }),
    );
  });
}
