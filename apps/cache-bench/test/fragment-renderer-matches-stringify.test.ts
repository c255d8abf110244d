import { MemoryStorage } from '@gatehouse/storage-proxy';
import { type ArticleRow, type ColumnRow, makeFixture } from '../src/fixture';
import { FragmentRenderer, renderPage } from '../src/page';

async function stores() {
  const { column, articles } = makeFixture(7, 20);
  const columns = new MemoryStorage<ColumnRow>();
  const items = new MemoryStorage<ArticleRow>();
  await columns.set(column.id, column);
  await items.multiSet(new Map(articles.map((a) => [a.id, a])));
  return { column, articles, columns, items };
}

describe('page rendering', () => {
  it('the fixture is a ~10 KB page of 20 newest-first articles, the same on every call', () => {
    const { column, articles } = makeFixture(1, 20);
    expect(articles.map((a) => a.id)).toEqual(column.articleIds);
    expect(column.articleIds[0]).toBeGreaterThan(column.articleIds[19]!);
    const size = JSON.stringify({ column, articles }).length;
    expect(size).toBeGreaterThan(9_000);
    expect(size).toBeLessThan(13_000);
    expect(makeFixture(1, 20)).toEqual({ column, articles });
  });

  it('memoised fragments render byte for byte what JSON.stringify renders', async () => {
    const { columns, items, column } = await stores();
    const renderer = new FragmentRenderer();
    const plain = await renderPage(columns, items, column.id);
    expect((await renderer.render(columns, items, column.id)).toString('utf8')).toBe(plain);
    expect((await renderer.render(columns, items, column.id)).toString('utf8')).toBe(plain);
  });

  it('a new version of a cached object is rendered anew (fragments are keyed by object identity)', async () => {
    const { columns, items, articles, column } = await stores();
    const renderer = new FragmentRenderer();
    await renderer.render(columns, items, column.id);
    const changed = { ...articles[3]!, title: 'a new title' };
    await items.set(changed.id, changed);
    const page = JSON.parse((await renderer.render(columns, items, column.id)).toString('utf8')) as { articles: ArticleRow[] };
    expect(page.articles[3]!.title).toBe('a new title');
    expect((await renderer.render(columns, items, column.id)).toString('utf8')).toBe(await renderPage(columns, items, column.id));
  });

  it('keeps multi-byte text intact (fragments are UTF-8 bytes)', async () => {
    const { columns, items, articles, column } = await stores();
    await items.set(articles[0]!.id, { ...articles[0]!, title: '得到 专栏 — “引号”' });
    const bytes = await new FragmentRenderer().render(columns, items, column.id);
    expect(bytes.equals(Buffer.from(await renderPage(columns, items, column.id)))).toBe(true);
  });

  it('leaves out articles that no longer exist', async () => {
    const { columns, items, articles, column } = await stores();
    await items.delete(articles[0]!.id);
    const page = JSON.parse((await new FragmentRenderer().render(columns, items, column.id)).toString('utf8')) as { articles: ArticleRow[] };
    expect(page.articles).toHaveLength(19);
  });
});
