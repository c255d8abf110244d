import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ExitCode } from './cli-error';
import { packageVersion } from './package-version';

/** What a process entry point (server, demo, bench) accepts on its command line. */
export interface EntrySpec {
  /** Program name printed by --version and in errors, e.g. `gatehouse-gateway`. */
  name: string;
  /** The --help text. */
  usage: string;
  /** Flags beyond --help and --version. @default {} */
  options?: ParseArgsConfig['options'];
  /** Whether bare arguments are accepted. @default false */
  allowPositionals?: boolean;
}

/** Parsed flags, or the exit code when the process must stop here (help, version, bad flag). */
export type EntryFlags =
  | { exit: number }
  | { values: Record<string, string | boolean | undefined>; positionals: string[] };

/**
 * Parses an entry point's arguments before it does anything else: `--help`/`-h` prints the usage
 * and `--version`/`-V` prints `<name> <version>` (exit 0); an unknown flag prints one line and a
 * pointer to --help (exit 2). Nothing is started and no file is touched on those paths.
 */
export function parseEntryFlags(
  argv: readonly string[],
  spec: EntrySpec,
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): EntryFlags {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        ...spec.options,
      },
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    });
  } catch (e) {
    err(`${spec.name}: ${(e as Error).message}\nRun ${spec.name} --help for usage.\n`);
    return { exit: ExitCode.USAGE };
  }
  if (parsed.values['help'] === true) {
    out(spec.usage.endsWith('\n') ? spec.usage : `${spec.usage}\n`);
    return { exit: ExitCode.OK };
  }
  if (parsed.values['version'] === true) {
    out(`${spec.name} ${packageVersion()}\n`);
    return { exit: ExitCode.OK };
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}
