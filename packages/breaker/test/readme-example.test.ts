import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quickstart } from '../src/examples/quickstart';

test('the README quickstart runs: falls back, trips the circuit, then short-circuits', async () => {
  const r = await quickstart();
  expect(r.results).toEqual(Array(7).fill('cached price of sku-1'));
  expect(r.state).toBe('OPEN');
  expect(r.stateZh).toBe('关闭');
  expect(r.errorCode).toBe('BRK_CIRCUIT_OPEN');
});

test('the README embeds the example file verbatim', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const example = readFileSync(join(__dirname, '..', 'src', 'examples', 'quickstart.ts'), 'utf8');
  expect(readme).toContain(example.trim());
});
