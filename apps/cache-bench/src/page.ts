// Rendering the column home page from two storages. Every cached variant runs the same code;
// only the storages differ, so the requests/s differences are the storages' cost.
import { type Key, type Storage } from '@gatehouse/storage-proxy';
import { type ArticleRow, type ColumnRow } from './fixture';

/** The page as JSON text: the column and its articles in the column's order. */
export async function renderPage(columns: Storage<ColumnRow>, articles: Storage<ArticleRow>, columnId: Key): Promise<string> {
  const column = await columns.get(columnId);
  const found = await articles.multiGet(column.articleIds);
  const list: ArticleRow[] = [];
  for (const id of column.articleIds) {
    const article = found.get(id);
    if (article !== undefined) list.push(article);
  }
  return JSON.stringify({ column, articles: list });
}

/**
 * The same page built from per-object JSON fragments memoised by object identity. Only an object
 * cache can do this: it hands back the same (read-only) object on every hit, so an object's JSON
 * is encoded once per cached version. A byte cache or Redis hands back a new object each time.
 */
export class FragmentRenderer {
  private static readonly HEAD = Buffer.from('{"column":');
  private static readonly MIDDLE = Buffer.from(',"articles":[');
  private static readonly COMMA = Buffer.from(',');
  private static readonly TAIL = Buffer.from(']}');
  private readonly fragments = new WeakMap<object, Buffer>();

  /** Renders what {@link renderPage} renders, byte for byte, as UTF-8 bytes. */
  async render(columns: Storage<ColumnRow>, articles: Storage<ArticleRow>, columnId: Key): Promise<Buffer> {
    const column = await columns.get(columnId);
    const found = await articles.multiGet(column.articleIds);
    const parts: Buffer[] = [FragmentRenderer.HEAD, this.json(column), FragmentRenderer.MIDDLE];
    let first = true;
    for (const id of column.articleIds) {
      const article = found.get(id);
      if (article === undefined) continue;
      if (!first) parts.push(FragmentRenderer.COMMA);
      parts.push(this.json(article));
      first = false;
    }
    parts.push(FragmentRenderer.TAIL);
    // Copying ~10 KB of ready bytes is cheaper than encoding a 10 KB string to UTF-8.
    return Buffer.concat(parts);
  }

  private json(value: object): Buffer {
    let bytes = this.fragments.get(value);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(value));
      this.fragments.set(value, bytes);
    }
    return bytes;
  }
}
