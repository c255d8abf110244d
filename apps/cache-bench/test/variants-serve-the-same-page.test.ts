import { startPageServer, type PageServer } from '../src/server';
import { type BenchSetup, setUp } from '../src/setup';
import { describeWithPostgresAndRedis } from './services';

describeWithPostgresAndRedis()('page server over PostgreSQL, Redis, byte cache and object cache', () => {
  let setup: BenchSetup;
  let server: PageServer;
  beforeAll(async () => {
    setup = await setUp();
    server = await startPageServer(setup.variants);
  });
  afterAll(async () => {
    await server?.close();
    await setup?.close();
  });

  it('serves about 10 KB of JSON, byte-identical on every route', async () => {
    expect(setup.constantBody.length).toBeGreaterThan(9_000);
    expect(setup.constantBody.length).toBeLessThan(13_000);
    const page = JSON.parse(setup.constantBody.toString('utf8')) as { column: { articleIds: number[] }; articles: { id: number }[] };
    expect(page.articles.map((a) => a.id)).toEqual(page.column.articleIds);
    expect(page.articles).toHaveLength(20);
    expect(setup.variants.map((v) => v.route)).toEqual(['/a-postgres', '/b-redis', '/c-bytes', '/d-object', '/d2-object-fragments', '/e-constant']);
    for (const variant of setup.variants) {
      const res = await fetch(`http://127.0.0.1:${server.port}${variant.route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Buffer.from(await res.arrayBuffer()).equals(setup.constantBody)).toBe(true);
    }
    expect(server.errors()).toBe(0);
  });

  it('answers an unknown route with 404', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
  });
});
