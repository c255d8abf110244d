import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCatalogue } from '../src/engine/plugin-errors';
import { builtinPlugins } from '../src/plugins';

/** Rows of docs/errors.md's table: | `GW_X` | status | plane | meaning | fix | */
function documentedCodes(): Map<string, { status: number; meaning: string; fix: string }> {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');
  const rows = new Map<string, { status: number; meaning: string; fix: string }>();
  for (const line of doc.split('\n')) {
    const m = /^\|\s*`(GW_[A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|([^|]*)\|([^|]*)\|([^|]*)\|\s*$/.exec(
      line,
    );
    if (!m) continue;
    if (rows.has(m[1]!)) throw new Error(`docs/errors.md lists ${m[1]} twice`);
    rows.set(m[1]!, { status: Number(m[2]), meaning: m[4]!.trim(), fix: m[5]!.trim() });
  }
  return rows;
}

// The catalogue is src/errors.ts plus the codes every built-in plugin kind declares in its folder.
describe('docs/errors.md and the error catalogue (core + plugin kinds)', () => {
  const documented = documentedCodes();
  const catalogue = errorCatalogue(builtinPlugins);

  it('document exactly the codes of the catalogue', () => {
    expect([...documented.keys()].sort()).toEqual([...catalogue.keys()].sort());
  });

  it('give each code the HTTP status the gateway answers with', () => {
    for (const [code, { status }] of catalogue)
      expect({ code, status: documented.get(code)?.status }).toEqual({ code, status });
  });

  it('say what each code means and how to fix it', () => {
    for (const [code, row] of documented) {
      expect({ code, meaning: row.meaning.length > 20, fix: row.fix.length > 10 }).toEqual({
        code,
        meaning: true,
        fix: true,
      });
    }
  });
});
