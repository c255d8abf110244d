// The README's error catalogue and the exported codes must list exactly the same codes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '../src/errors';

describe('error catalogue', () => {
  it('documents every exported code, and nothing else, with a fix', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Error catalogue'));
    const rows = [...section.matchAll(/^\| `(REG_[A-Z_]+)` \|([^|]*)\|([^|]*)\|/gm)];
    const documented = rows.map((r) => r[1]).sort();
    expect(documented).toEqual(Object.values(ErrorCodes).sort());
    for (const r of rows) expect(r[3]!.trim().length).toBeGreaterThan(10); // a real "how to fix"
  });
});
