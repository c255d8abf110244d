// The page of the benchmark: one column (专栏) and its 20 newest articles, each article a row of
// its own and a key of its own, about 10 KB of JSON in all. Content is generated, deterministic.
import { EntitySchema } from 'typeorm';

/** A column: its articles are listed newest first by id. */
export interface ColumnRow {
  id: number;
  name: string;
  intro: string;
  author: string;
  articleIds: number[];
}

/** One article summary as shown on the column home page. */
export interface ArticleRow {
  id: number;
  columnId: number;
  title: string;
  summary: string;
  author: string;
  publishedAt: string;
  wordCount: number;
  tags: string[];
  coverUrl: string;
}

/** Table names of one run (unique, so runs in parallel never collide). */
export interface BenchTables {
  column: string;
  article: string;
}

/** The TypeORM schema of the column table (runtime table name, hence EntitySchema). */
export function columnSchema(table: string): EntitySchema<ColumnRow> {
  return new EntitySchema<ColumnRow>({
    name: `${table}_entity`,
    tableName: table,
    columns: {
      id: { type: 'integer', primary: true },
      name: { type: 'text' },
      intro: { type: 'text' },
      author: { type: 'text' },
      articleIds: { type: 'jsonb', name: 'article_ids' },
    },
  });
}

/** The TypeORM schema of the article table. */
export function articleSchema(table: string): EntitySchema<ArticleRow> {
  return new EntitySchema<ArticleRow>({
    name: `${table}_entity`,
    tableName: table,
    columns: {
      id: { type: 'integer', primary: true },
      columnId: { type: 'integer', name: 'column_id' },
      title: { type: 'text' },
      summary: { type: 'text' },
      author: { type: 'text' },
      publishedAt: { type: 'text', name: 'published_at' },
      wordCount: { type: 'integer', name: 'word_count' },
      tags: { type: 'jsonb' },
      coverUrl: { type: 'text', name: 'cover_url' },
    },
  });
}

/** DDL of both tables. */
export function createTablesSql(t: BenchTables): string[] {
  return [
    `CREATE TABLE ${t.column} (id integer PRIMARY KEY, name text NOT NULL, intro text NOT NULL, author text NOT NULL, article_ids jsonb NOT NULL)`,
    `CREATE TABLE ${t.article} (id integer PRIMARY KEY, column_id integer NOT NULL, title text NOT NULL, summary text NOT NULL,
       author text NOT NULL, published_at text NOT NULL, word_count integer NOT NULL, tags jsonb NOT NULL, cover_url text NOT NULL)`,
  ];
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'tu', 'vi', 'zen', 'po', 'qi', 'da', 'fen', 'gu', 'hao', 'jin', 'wei'];

/** Deterministic pseudo-words: a tiny LCG, so every run serves the same bytes. */
function words(seed: number, count: number): string {
  let state = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = '';
    for (let s = 0; s < 2 + (i % 3); s++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      word += SYLLABLES[state % SYLLABLES.length];
    }
    out.push(word);
  }
  return out.join(' ');
}

/** The column with id `columnId` and its `count` newest articles (ids columnId*1000 + n). */
export function makeFixture(columnId = 1, count = 20): { column: ColumnRow; articles: ArticleRow[] } {
  const articles: ArticleRow[] = [];
  for (let n = count; n >= 1; n--) {
    const id = columnId * 1000 + n;
    articles.push({
      id,
      columnId,
      title: words(id, 6),
      summary: words(id + 7, 36),
      author: words(columnId, 2),
      publishedAt: new Date(Date.UTC(2018, 3, 14, 9, n)).toISOString(),
      wordCount: 1200 + n * 37,
      tags: [words(id + 1, 1), words(id + 2, 1)],
      coverUrl: `https://img.example.com/column/${columnId}/article/${id}.jpg`,
    });
  }
  const column: ColumnRow = {
    id: columnId,
    name: words(columnId + 99, 3),
    intro: words(columnId + 98, 30),
    author: words(columnId, 2),
    articleIds: articles.map((a) => a.id),
  };
  return { column, articles };
}
