import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quickstart } from '../src/examples/quickstart';

test('the README quickstart runs: round-robin over two instances, budget forwarded, 404 typed', async () => {
  const r = await quickstart();
  expect(r.servedBy).toEqual(['a', 'b', 'a', 'b']);
  expect(r.budgetSeen).toBe(true);
  expect(r.notFound).toMatch(/^INV_CLIENT_ERROR: .*404: no user 7$/);
});

test('the README embeds the example file verbatim', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const example = readFileSync(join(__dirname, '..', 'src', 'examples', 'quickstart.ts'), 'utf8');
  expect(readme).toContain(example.trim());
});
