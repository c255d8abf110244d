#!/usr/bin/env node
/**
 * `gatehouse`: the command-line client of the gateway admin API. Exit codes: 0 done, 1 the
 * server refused, 2 usage or spec-file error, 3 server unreachable.
 */
import { CommanderError } from 'commander';
import { CliError, ExitCode } from './cli-error';
import { packageVersion } from './package-version';
import { buildProgram, type CliIo } from './program';

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  get stdin() {
    return process.stdin; // touched only by `-f -`
  },
  top: { isTty: process.stdout.isTTY === true },
};

/**
 * Runs the CLI on `argv` (node and script first) and resolves with the exit code.
 * @param io where output goes and stdin comes from. @default the process's streams
 */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io, packageVersion());
  try {
    await program.parseAsync(argv);
    return ExitCode.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed help, the version or the usage error.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    if (err instanceof CliError) {
      io.stderr(`gatehouse: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`gatehouse: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return ExitCode.USAGE;
  }
}

if (require.main === module) {
  void run(process.argv).then((code) => {
    process.exitCode = code;
  });
}
