// In-process cost of rendering the page from each in-process cache, without HTTP: shows where the
// object-cache variants spend their time. Alternating rounds, medians of µs per page.
import { MemoryStorage, type Storage } from '@gatehouse/storage-proxy';
import { benchFlags } from './bench-flags';
import { ByteCacheStorage } from './byte-cache';
import { type ArticleRow, type ColumnRow, makeFixture } from './fixture';
import { FragmentRenderer, renderPage } from './page';
import { median, rotate } from './stats';

async function fill(columns: Storage<ColumnRow>, articles: Storage<ArticleRow>): Promise<void> {
  const { column, articles: list } = makeFixture(1, 20);
  await columns.set(column.id, column);
  await articles.multiSet(new Map(list.map((a) => [a.id, a])));
}

const USAGE = `Usage: node dist/render-cost.js [--quick]

In-process cost of rendering the page from each in-process cache, without HTTP: alternating
rounds, medians of µs per page.

  --quick        3 rounds of 2,000 pages instead of 7 of 20,000
  -h, --help     print this and exit
  -V, --version  print the version and exit
`;

async function main(quick: boolean): Promise<void> {
  const pages = quick ? 2_000 : 20_000;
  const rounds = quick ? 3 : 7;
  const objects = { c: new MemoryStorage<ColumnRow>(), a: new MemoryStorage<ArticleRow>() };
  const bytes = { c: new ByteCacheStorage<ColumnRow>(), a: new ByteCacheStorage<ArticleRow>() };
  await fill(objects.c, objects.a);
  await fill(bytes.c, bytes.a);
  const fragments = new FragmentRenderer();
  const page = makeFixture(1, 20);
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['JSON.stringify of the page alone', () => Promise.resolve(JSON.stringify(page))],
    ['(c) byte cache: decode + stringify', () => renderPage(bytes.c, bytes.a, 1)],
    ['(d) object cache: stringify', () => renderPage(objects.c, objects.a, 1)],
    ['(d2) object cache: memoised byte fragments', () => fragments.render(objects.c, objects.a, 1)],
  ];
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (const [, run] of cases) for (let i = 0; i < pages / 10; i++) await run();
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of rotate(cases, round)) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < pages; i++) await run();
      samples.get(name)!.push(Number(process.hrtime.bigint() - started) / pages / 1000);
    }
  }
  console.log(`| render (in-process, ${rounds} rounds x ${pages} pages) | µs per page (median) |`);
  console.log('|---|---:|');
  for (const [name] of cases) console.log(`| ${name} | ${median(samples.get(name)!).toFixed(1)} |`);
}

const flags = benchFlags(process.argv.slice(2), 'gatehouse-render-cost', USAGE, [], ['quick']);
if ('exit' in flags) {
  process.exitCode = flags.exit;
} else {
  main(flags.values['quick'] === true).catch((err: unknown) => {
    console.error(`render-cost: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
