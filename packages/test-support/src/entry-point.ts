// Runs a built program with one flag in an empty scratch directory (its working directory, HOME
// and XDG_STATE_HOME), to check that --help and --version only print: the process must exit on
// its own (a started server would not) and leave the directory empty.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one run did. */
export interface EntryPointRun {
  /** Exit code; null when it had to be killed after `timeoutMs`. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Paths (relative to the scratch directory) the run created. */
  created: string[];
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? [`${prefix}${e.name}/`, ...listFiles(join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`],
  );
}

/**
 * Runs `node <script> ...args` from an empty scratch directory that is also its HOME and
 * XDG_STATE_HOME; `env` is added to the environment. Killed after `timeoutMs`.
 * @param timeoutMs @default 20000
 */
export function runEntryPoint(script: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<EntryPointRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'gh-entry-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: scratch, env: { ...process.env, HOME: scratch, XDG_STATE_HOME: scratch, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const created = listFiles(scratch);
        rmSync(scratch, { recursive: true, force: true });
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout, stderr, created });
      },
    );
  });
}

/**
 * Registers, per `[script, name]` under `dist`, the tests every program owes: `--help` prints a
 * usage (exit 0, empty stderr, nothing created) and `--version` prints `<name> <version>`.
 * @param env added to each run's environment (e.g. ports of 0 in case --help were ignored). @default {}
 */
export function describeInfoFlags(dist: string, version: string, programs: Array<[script: string, name: string]>, env: NodeJS.ProcessEnv = {}): void {
  describe.each(programs)('%s', (script, name) => {
    it('--help prints its usage, starts nothing and writes nothing', async () => {
      const run = await runEntryPoint(join(dist, script), ['--help'], env);
      expect(run).toMatchObject({ code: 0, stderr: '', created: [] });
      expect(run.stdout).toMatch(/^Usage: /);
    });

    it('--version prints its name and version', async () => {
      const run = await runEntryPoint(join(dist, script), ['--version'], env);
      expect(run).toMatchObject({ code: 0, stdout: `${name} ${version}\n`, created: [] });
    });
  });
}
