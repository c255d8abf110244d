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
 * is computed once per cached version. A byte cache or Redis hands back a new object each time.
 */
export class FragmentRenderer {
  private readonly fragments = new WeakMap<object, string>();

  /** Renders like {@link renderPage}, byte for byte. */
  async render(columns: Storage<ColumnRow>, articles: Storage<ArticleRow>, columnId: Key): Promise<string> {
    const column = await columns.get(columnId);
    const found = await articles.multiGet(column.articleIds);
    let body = `{"column":${this.json(column)},"articles":[`;
    let first = true;
    for (const id of column.articleIds) {
      const article = found.get(id);
      if (article === undefined) continue;
      body += first ? this.json(article) : `,${this.json(article)}`;
      first = false;
    }
    return `${body}]}`;
  }

  private json(value: object): string {
    let text = this.fragments.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      this.fragments.set(value, text);
    }
    return text;
  }
}
