// `pnpm` is "command not found" on a fresh machine: every Markdown file that tells the reader to
// run a bare `pnpm …` also says `corepack enable` or shows the `npx --yes pnpm@<version>` form.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './repo';

const SKIP = new Set(['node_modules', 'dist', '.git', '.turbo', 'coverage']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith('.md') ? [path] : [];
  });
}

/** A `pnpm` used as a command: at the start of a code line or inline code, not `pnpm@x` or `pnpm-lock`. */
const BARE_PNPM = /(^|`|\$ |&& |\| )pnpm (?!deploy\b)[a-z-]/m;

describe('docs that run pnpm', () => {
  it('say how to get it', () => {
    const missing = markdownFiles(ROOT)
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return BARE_PNPM.test(text) && !/corepack enable|npx --yes pnpm@\d/.test(text);
      })
      .map((file) => relative(ROOT, file));
    expect(missing).toEqual([]);
  });
});
