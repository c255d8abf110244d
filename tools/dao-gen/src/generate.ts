import { resolve } from 'node:path';
import { parseDatabaseUrl } from './database-url';
import { BadArgumentError } from './errors';
import { introspect } from './introspect';
import { assertPackageName, assertTableName } from './naming';
import { planFiles } from './plan';
import { type TableModel } from './schema';
import { buildTableModel } from './table-model';
import { checkFiles, type FileOutcome, writeFiles } from './write';

/** Inputs of one generator run (the CLI's arguments and options). */
export interface GenerateOptions {
  /** `postgres://...`, `mysql://...`, `sqlite:<path>` or `file:<path>`. */
  databaseUrl: string;
  /** Table to generate for. */
  table: string;
  /** Folder under `dao/` for the DAO and storage files. */
  packageName: string;
  /** Column the storages are keyed by. @default the table's single-column primary key */
  keyColumn?: string;
  /** Project root the relative output paths start from. @default process.cwd() */
  outDir?: string;
  /** Compare instead of writing; rejects with DriftError when a `_gen` file would change. @default false */
  check?: boolean;
  /** Give up connecting to the database after this many milliseconds. @default 5000 */
  connectTimeoutMs?: number;
}

/** What a run did. */
export interface GenerateResult {
  model: TableModel;
  /** Absolute output root. */
  outDir: string;
  files: FileOutcome[];
}

/** Introspects the table, renders its files and writes (or, with `check`, verifies) them. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { databaseUrl, table, packageName, keyColumn, check = false, connectTimeoutMs = 5000 } = options;
  const outDir = resolve(options.outDir ?? process.cwd());
  assertTableName(table);
  assertPackageName(packageName);
  if (keyColumn !== undefined && keyColumn.length === 0) throw new BadArgumentError('key column must not be empty');
  if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs < 1) {
    throw new BadArgumentError(`connect timeout must be a positive integer of milliseconds, got ${connectTimeoutMs}`);
  }
  // Relative SQLite paths are relative to where the command runs, like every other path argument.
  const target = parseDatabaseUrl(databaseUrl, process.cwd());
  const raw = await introspect(target, table, { connectTimeoutMs });
  const model = buildTableModel(raw, packageName, keyColumn);
  const planned = planFiles(model);
  const files = check ? await checkFiles(outDir, planned) : await writeFiles(outDir, planned);
  return { model, outDir, files };
}
