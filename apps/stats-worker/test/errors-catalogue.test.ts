import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// README.md's "Errors" table and src/errors.ts list the same codes.
it('the README lists exactly the codes src/errors.ts raises', () => {
  const codes = (text: string): string[] => [...new Set(text.match(/\bSTATS_[A-Z]+_[A-Z_]+/g) ?? [])].sort();
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const source = readFileSync(join(__dirname, '..', 'src', 'errors.ts'), 'utf8');
  expect(codes(readme.slice(readme.indexOf('## Errors')))).toEqual(codes(source));
  expect(codes(source).length).toBeGreaterThan(0);
});
