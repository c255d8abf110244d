import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FOUNDATION_ERROR_CODES } from '../src';

test('the README error table lists exactly the codes of src/errors.ts', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const table = readme.slice(readme.lastIndexOf('## Errors'));
  const documented = [...table.matchAll(/^\| `(FND_[A-Z_]+)` \|/gm)].map((m) => m[1]);
  expect(documented.sort()).toEqual([...FOUNDATION_ERROR_CODES].sort());
});
