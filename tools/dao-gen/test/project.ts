// A throw-away "project root" under tools/dao-gen/.tmp: generated files written there resolve
// typeorm and @gatehouse/storage-proxy through this package's node_modules, as in a real app.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Root folder of all temporary projects (git-ignored). */
export const TMP_ROOT = join(__dirname, '..', '.tmp');

/** Creates an empty project folder and returns it with its cleanup. */
export function tempProject(name: string): { dir: string; cleanup: () => void } {
  const dir = join(TMP_ROOT, `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
