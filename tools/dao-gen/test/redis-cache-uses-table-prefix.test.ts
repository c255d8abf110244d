import { join } from 'node:path';
import Database from 'better-sqlite3';
import type Redis from 'ioredis';
import { createCacheRedis } from '@gatehouse/storage-proxy/redis';
import { generate } from '../src/generate';
import { loadGenerated, openDataSource } from './generated-storage';
import { tempProject } from './project';
import { REDIS_URL, describeWithRedis, uniqueTable } from './services';

describeWithRedis()('generated storage with a Redis cache', () => {
  const table = uniqueTable('dg_cached');
  let project: ReturnType<typeof tempProject>;
  let redis: Redis;

  beforeAll(async () => {
    project = tempProject('redis');
    const db = new Database(join(project.dir, 'app.db'));
    db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, code TEXT NOT NULL)`);
    db.close();
    // The cache client has no offline queue: connect before the first command.
    redis = createCacheRedis(REDIS_URL, { lazyConnect: true });
    await redis.connect();
  });

  afterAll(async () => {
    redis.disconnect();
    project.cleanup();
  });

  it('caches rows in Redis under the table name as prefix, and evicts them on delete', async () => {
    const result = await generate({ databaseUrl: `sqlite:${join(project.dir, 'app.db')}`, table, packageName: 'shop', outDir: project.dir });
    const gen = loadGenerated(project.dir, table, 'shop', result.model.className);
    const ds = await openDataSource({ type: 'better-sqlite3', database: join(project.dir, 'app.db') }, gen.Entity);
    try {
      const storage = gen.newStorage({ dataSource: ds, redis, ttlSec: 60 });
      const id = await storage.add(null, Object.assign(new gen.Entity(), { code: 'A-1' }));
      // RedisStorage renders `_` in the prefix as `~`: the key is <table with ~>_<id>.
      const key = `${table.replace(/_/g, '~')}_${id}`;
      expect(JSON.parse((await redis.get(key))!)).toEqual({ id, code: 'A-1' });
      expect(await redis.ttl(key)).toBeGreaterThan(50);
      await redis.del(key);
      expect((await storage.get(id)).code).toBe('A-1');
      expect(await redis.exists(key)).toBe(1); // backfilled
      await storage.delete(id);
      expect(await redis.exists(key)).toBe(0);
    } finally {
      await ds.destroy();
    }
  });
});
