import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** docs/benchmarks.md, from dist/bench or src/bench. */
const BENCHMARKS_DOC = join(__dirname, '../../../../docs/benchmarks.md');

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` of docs/benchmarks.md
 * with `report`; does nothing when the file or a marker is missing.
 */
export function writeDocSection(name: string, report: string): void {
  if (!existsSync(BENCHMARKS_DOC)) return;
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const doc = readFileSync(BENCHMARKS_DOC, 'utf8');
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < 0) return;
  writeFileSync(BENCHMARKS_DOC, `${doc.slice(0, a + start.length)}\n${report}\n${doc.slice(b)}`);
}
