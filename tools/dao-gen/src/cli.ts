#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DriftError, isDaoGenError } from './errors';
import { generate } from './generate';

/** Where the CLI prints; tests capture it. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** Exit codes: 0 ok, 1 drift found by --check, 2 any other failure (bad input, database, disk). */
export const EXIT = { ok: 0, drift: 1, failure: 2 } as const;

const processIo: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

const STATUS_TEXT = {
  written: 'wrote',
  unchanged: 'unchanged',
  created: 'created (hand-written from now on)',
  kept: 'kept (hand-written)',
  drift: 'drift',
} as const;

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < 1) throw new InvalidArgumentError('expected a positive integer of milliseconds');
  return ms;
}

/** This package's version (src/ and dist/ sit one level below the package root). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Runs the CLI on `argv` (without node and script) and resolves with the exit code; never throws. */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = new Command('dao-gen')
    .description("Generate a table's TypeORM entity, DB storage and cached StorageProxy (run from the project root)")
    .argument('<databaseUrl>', 'postgres://..., mysql://..., sqlite:<path> or file:<path>')
    .argument('<table>', 'table to generate for')
    .argument('<package>', 'folder under dao/ for the DAO and storage files')
    .argument('[keyColumn]', 'column to key by (default: the primary key)')
    .option('--out <dir>', 'project root to write into (default: the current directory)')
    .option('--check', 'write nothing; exit 1 when regenerating would change a _gen file')
    .option('--connect-timeout <ms>', 'give up connecting after this many milliseconds', parseTimeout, 5000)
    .version(`dao-gen ${packageVersion()}`, '-V, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s.trimEnd()), writeErr: (s) => io.stderr(s.trimEnd()) });

  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.failure;
    throw err;
  }
  const [databaseUrl, table, packageName, keyColumn] = program.processedArgs as [string, string, string, string | undefined];
  const opts = program.opts<{ out?: string; check?: boolean; connectTimeout: number }>();
  try {
    const result = await generate({
      databaseUrl,
      table,
      packageName,
      ...(keyColumn === undefined ? {} : { keyColumn }),
      ...(opts.out === undefined ? {} : { outDir: opts.out }),
      check: opts.check === true,
      connectTimeoutMs: opts.connectTimeout,
    });
    for (const file of result.files) io.stdout(`${STATUS_TEXT[file.status]}: ${file.path}`);
    if (opts.check === true) io.stdout(`dao-gen: ${table}: generated files are up to date`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DriftError) {
      for (const file of err.files) io.stderr(`drift: ${file}`);
      io.stderr(`dao-gen: ${err.code}: ${err.message}`);
      return EXIT.drift;
    }
    // One line, no stack: the code says what went wrong, README.md says how to fix it.
    if (isDaoGenError(err)) io.stderr(`dao-gen: ${err.code}: ${err.message}`);
    else io.stderr(`dao-gen: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failure;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
