// Command-line flags of the auth package's programs (the service and create-user): --help and
// --version only print; anything unknown is a usage error. Parsed before anything is opened.
import { parseArgs } from 'node:util';
import { SERVICE_VERSION_STRING } from './version';

/** Parsed arguments, or the exit code when the program must stop here. */
export type ParsedFlags = { exit: number } | { positionals: string[] };

/**
 * Parses `argv` (without node and script): `--help`/`-h` prints `usage`, `--version`/`-V` prints
 * `<name> <version>` (exit 0); a bad flag or argument count prints one line (exit 2).
 */
export function parseFlags(argv: string[], name: string, usage: string, positionals = 0): ParsedFlags {
  let parsed: { values: { help?: boolean; version?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } },
      allowPositionals: positionals > 0,
      strict: true,
    });
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\nRun ${name} --help for usage.\n`);
    return { exit: 2 };
  }
  if (parsed.values.help === true) {
    process.stdout.write(usage);
    return { exit: 0 };
  }
  if (parsed.values.version === true) {
    process.stdout.write(`${name} ${SERVICE_VERSION_STRING}\n`);
    return { exit: 0 };
  }
  if (parsed.positionals.length !== positionals) {
    process.stderr.write(`${name}: expected ${positionals} argument(s), got ${parsed.positionals.length}\nRun ${name} --help for usage.\n`);
    return { exit: 2 };
  }
  return { positionals: parsed.positionals };
}
