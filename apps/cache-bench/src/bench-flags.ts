// --help and --version of the bench programs, parsed before anything starts; the bench's own
// value flags (--rounds N …) are passed through as strings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The flags after --help/--version handling, or the exit code when the bench must not run. */
export type BenchFlags = { exit: number } | { values: Record<string, string | boolean | undefined> };

/**
 * `--help`/`-h` prints `usage`, `--version`/`-V` prints `<name> <version>` (exit 0); an unknown
 * flag prints one line (exit 2). `valueFlags` take a value, `booleanFlags` none.
 */
export function benchFlags(argv: string[], name: string, usage: string, valueFlags: string[] = [], booleanFlags: string[] = []): BenchFlags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
  };
  for (const f of valueFlags) options[f] = { type: 'string' };
  for (const f of booleanFlags) options[f] = { type: 'boolean' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true }));
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\nRun ${name} --help for usage.\n`);
    return { exit: 2 };
  }
  if (values['help'] === true) {
    process.stdout.write(usage);
    return { exit: 0 };
  }
  if (values['version'] === true) {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    process.stdout.write(`${name} ${pkg.version ?? '0.0.0'}\n`);
    return { exit: 0 };
  }
  return { values };
}
