// Builds the five (plus one) ways of serving the page over one seeded PostgreSQL and one Redis.
import 'reflect-metadata';
import { type Key, MemoryStorage, type Storage, StorageProxy } from '@gatehouse/storage-proxy';
import { RedisStorage, createCacheRedis } from '@gatehouse/storage-proxy/redis';
import { TypeOrmStorage } from '@gatehouse/storage-proxy/typeorm';
import { DataSource } from 'typeorm';
import { ByteCacheStorage } from './byte-cache';
import { type ArticleRow, type BenchTables, type ColumnRow, articleSchema, columnSchema, createTablesSql, makeFixture } from './fixture';
import { FragmentRenderer, renderPage } from './page';

/** One way of serving the page. */
export interface Variant {
  /** URL path, e.g. `/d-object`. */
  route: string;
  /** Label in the results table. */
  label: string;
  /** The page body. */
  render(): Promise<string | Buffer>;
}

/** Where the bench connects. */
export interface SetupOptions {
  /** PostgreSQL URL. @default process.env.DATABASE_URL or postgres://postgres@127.0.0.1:5432/test */
  databaseUrl?: string;
  /** Redis URL. @default process.env.REDIS_URL or redis://127.0.0.1:6379 */
  redisUrl?: string;
}

/** The seeded stores and the variants over them. */
export interface BenchSetup {
  variants: Variant[];
  /** The page as served by (e), computed once at start-up. */
  constantBody: Buffer;
  /** Deletes the tables and Redis keys of this run and disconnects. */
  close(): Promise<void>;
}

const PAGE: Key = 1;

/** Seeds unique tables, warms every cache with the page and checks all variants agree byte for byte. */
export async function setUp(options: SetupOptions = {}): Promise<BenchSetup> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runId = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const tables: BenchTables = { column: `bench_column_${runId}`, article: `bench_article_${runId}` };
  const columns = columnSchema(tables.column);
  const articles = articleSchema(tables.article);

  const ds = new DataSource({ type: 'postgres', url: databaseUrl, entities: [columns, articles], extra: { max: 8, connectionTimeoutMillis: 3000 } });
  await ds.initialize();
  const redis = createCacheRedis(redisUrl, { lazyConnect: true });
  const dropped: Array<() => Promise<unknown>> = [];
  try {
    await redis.connect();
    for (const sql of createTablesSql(tables)) await ds.query(sql);
    dropped.push(() => ds.query(`DROP TABLE IF EXISTS ${tables.column}, ${tables.article}`));
    const fixture = makeFixture(1, 20);
    await ds.getRepository(columns).insert(fixture.column);
    await ds.getRepository(articles).insert(fixture.articles);

    const db = {
      columns: new TypeOrmStorage<ColumnRow>({ dataSource: ds, entity: columns }),
      articles: new TypeOrmStorage<ArticleRow>({ dataSource: ds, entity: articles }),
    };
    const cached = (columnCache: Storage<ColumnRow>, articleCache: Storage<ArticleRow>) => ({
      columns: new StorageProxy(columnCache, db.columns),
      articles: new StorageProxy(articleCache, db.articles),
    });
    const redisColumns = new RedisStorage<ColumnRow>({ redis, prefix: `bench-${runId}-column`, commandTimeoutMs: 2000 });
    const redisArticles = new RedisStorage<ArticleRow>({ redis, prefix: `bench-${runId}-article`, commandTimeoutMs: 2000 });
    const allIds: Key[] = [fixture.column.id, ...fixture.column.articleIds];
    dropped.push(() => redisColumns.delete(fixture.column.id), () => redisArticles.delete(...allIds));
    const viaRedis = cached(redisColumns, redisArticles);
    const viaBytes = cached(new ByteCacheStorage(), new ByteCacheStorage());
    const viaObjects = cached(new MemoryStorage({ maxEntries: 10_000 }), new MemoryStorage({ maxEntries: 10_000 }));
    const viaObjects2 = cached(new MemoryStorage({ maxEntries: 10_000 }), new MemoryStorage({ maxEntries: 10_000 }));
    const fragments = new FragmentRenderer();

    const variants: Variant[] = [
      { route: '/a-postgres', label: '(a) PostgreSQL only', render: () => renderPage(db.columns, db.articles, PAGE) },
      { route: '/b-redis', label: '(b) Redis (JSON)', render: () => renderPage(viaRedis.columns, viaRedis.articles, PAGE) },
      { route: '/c-bytes', label: '(c) in-process byte cache', render: () => renderPage(viaBytes.columns, viaBytes.articles, PAGE) },
      { route: '/d-object', label: '(d) object cache (MemoryStorage)', render: () => renderPage(viaObjects.columns, viaObjects.articles, PAGE) },
      {
        route: '/d2-object-fragments',
        label: '(d2) object cache + memoised JSON',
        render: () => fragments.render(viaObjects2.columns, viaObjects2.articles, PAGE),
      },
    ];
    // Warm every cache (a miss backfills), then hold each variant to the same bytes.
    const constantBody = Buffer.from(await variants[0]!.render());
    for (const variant of variants) {
      await variant.render();
      const body = Buffer.from(await variant.render());
      if (!body.equals(constantBody)) throw new Error(`${variant.label} serves a different page than PostgreSQL`);
    }
    variants.push({ route: '/e-constant', label: '(e) constant body (HTTP ceiling)', render: () => Promise.resolve(constantBody) });

    return {
      variants,
      constantBody,
      close: async () => {
        for (const undo of dropped.reverse()) await undo().catch(() => undefined);
        await ds.destroy().catch(() => undefined);
        redis.disconnect();
      },
    };
  } catch (err) {
    for (const undo of dropped.reverse()) await undo().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    redis.disconnect();
    throw err;
  }
}
