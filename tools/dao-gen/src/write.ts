import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DriftError, NotGeneratedError, WriteFailedError } from './errors';
import { type PlannedFile } from './plan';
import { isGenerated } from './templates/header';

/** What happened to one planned file. */
export interface FileOutcome {
  path: string;
  status: 'written' | 'unchanged' | 'created' | 'kept' | 'drift';
}

/**
 * Compares the planned files with the disk: a generated file drifts when it is missing or differs.
 * Throws DriftError naming every drifting file; resolves with the outcomes when none does.
 */
export async function checkFiles(root: string, files: readonly PlannedFile[]): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    const current = await readOrNull(join(root, file.path));
    if (file.kind === 'scaffold') outcomes.push({ path: file.path, status: 'kept' });
    else outcomes.push({ path: file.path, status: current === file.content ? 'unchanged' : 'drift' });
  }
  const drift = outcomes.filter((o) => o.status === 'drift').map((o) => o.path);
  if (drift.length > 0) throw new DriftError(drift);
  return outcomes;
}

/**
 * Writes the planned files under `root`. Every refusal is found before the first write, and each
 * file is replaced atomically (temp file + rename), so a failure never leaves a half-written file.
 */
export async function writeFiles(root: string, files: readonly PlannedFile[]): Promise<FileOutcome[]> {
  const current = new Map<string, string | null>();
  for (const file of files) {
    const text = await readOrNull(join(root, file.path));
    if (file.kind === 'generated' && text !== null && !isGenerated(text)) throw new NotGeneratedError(file.path);
    current.set(file.path, text);
  }
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    const existing = current.get(file.path) ?? null;
    if (file.kind === 'scaffold') {
      if (existing !== null) {
        outcomes.push({ path: file.path, status: 'kept' });
        continue;
      }
      await atomicWrite(root, file);
      outcomes.push({ path: file.path, status: 'created' });
    } else if (existing === file.content) {
      outcomes.push({ path: file.path, status: 'unchanged' });
    } else {
      await atomicWrite(root, file);
      outcomes.push({ path: file.path, status: 'written' });
    }
  }
  return outcomes;
}

async function atomicWrite(root: string, file: PlannedFile): Promise<void> {
  const target = join(root, file.path);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temp, file.content, { encoding: 'utf8', flag: 'w' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new WriteFailedError(file.path, err);
  }
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WriteFailedError(path, err);
  }
}
