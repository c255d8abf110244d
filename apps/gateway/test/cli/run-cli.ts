import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { run } from '../../src/cli/main';

const CLI = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

/** What one `gatehouse` run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (fast: no Node start-up per command). */
export async function runCli(args: string[], opts: { stdin?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'gatehouse', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: Readable.from([Buffer.from(opts.stdin ?? '')]),
  });
  return { code, stdout, stderr };
}

/**
 * Runs the built CLI as a child process — asynchronously, because the gateway it talks to runs
 * in this very process and must keep serving meanwhile.
 */
export function spawnCli(
  args: string[],
  opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...opts.env };
    if (opts.env?.['GATEHOUSE_SERVER'] === undefined) delete env['GATEHOUSE_SERVER'];
    if (opts.env?.['GATEHOUSE_API_KEY'] === undefined) delete env['GATEHOUSE_API_KEY'];
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
