import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EmptyObjectError, type Key, MemoryStorage, type Storage } from '@gatehouse/storage-proxy';
import { generate } from '../src/generate';
import { exerciseAutoKeyStorage, loadGenerated, openDataSource } from './generated-storage';
import { tempProject } from './project';

describe('SQLite: generate from a real table and run the generated storage', () => {
  let project: ReturnType<typeof tempProject>;
  let file: string;

  beforeAll(() => {
    project = tempProject('sqlite');
    file = join(project.dir, 'app.db');
    const db = new Database(file);
    db.exec(`CREATE TABLE coupon (
      id INTEGER PRIMARY KEY,
      sender_uid VARCHAR(64) NOT NULL UNIQUE,
      amount DECIMAL(10,2) NOT NULL,
      ratio REAL,
      active BOOLEAN NOT NULL DEFAULT 1,
      note TEXT,
      payload JSON,
      raw BLOB,
      day DATE,
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
    db.exec('CREATE TABLE pairs (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b))');
    db.exec('CREATE TABLE loose (x)');
    db.close();
  });

  afterAll(() => project.cleanup());

  it('maps every column and runs add/get/set/multiGet/delete through StorageProxy(MemoryStorage, DAO)', async () => {
    const result = await generate({ databaseUrl: `sqlite:${file}`, table: 'coupon', packageName: 'shop', outDir: project.dir });
    expect(result.model.columns.map((c) => [c.property, c.tsType])).toEqual([
      ['id', 'number'],
      ['senderUid', 'string'],
      ['amount', 'number'],
      ['ratio', 'number'],
      ['active', 'boolean'],
      ['note', 'string'],
      ['payload', 'unknown'],
      ['raw', 'Buffer'],
      ['day', 'string'],
      ['createdAt', 'Date'],
    ]);
    // TypeORM cannot send DEFAULT to SQLite: the entity carries the default expression.
    expect(readFileSync(join(project.dir, 'models', 'coupon_gen.ts'), 'utf8')).toContain("default: () => 'CURRENT_TIMESTAMP'");
    const gen = loadGenerated(project.dir, 'coupon', 'shop', 'Coupon');
    const ds = await openDataSource({ type: 'better-sqlite3', database: file }, gen.Entity);
    try {
      await exerciseAutoKeyStorage(
        gen,
        ds,
        (n) => ({ senderUid: `u${n}`, amount: 9.5, ratio: 0.25, active: n === 1, note: null, payload: { n }, raw: Buffer.from([n]), day: '2018-04-14' }),
        (row, n) => {
          expect(row).toMatchObject({ senderUid: `u${n}`, amount: 9.5, ratio: 0.25, active: n === 1, payload: { n }, day: '2018-04-14' });
          expect(Buffer.compare(row.raw as Buffer, Buffer.from([n]))).toBe(0);
          expect(row.createdAt).toBeInstanceOf(Date);
        },
      );
    } finally {
      await ds.destroy();
    }
  });

  it('routes delete to a Deleteable DAO (doDelete) and still evicts the cache', async () => {
    const gen = loadGenerated(project.dir, 'coupon', 'shop', 'Coupon');
    const ds = await openDataSource({ type: 'better-sqlite3', database: file }, gen.Entity);
    try {
      const dao = gen.newDao(ds);
      const softDeleted: Key[] = [];
      // A hand-written DAO: soft delete by marking the row instead of removing it.
      const softDao: Storage<Record<string, unknown>> & { doDelete(...keys: Key[]): Promise<void> } = {
        get: (k) => dao.get(k),
        set: (k, v) => dao.set(k, v),
        add: (k, v) => dao.add(k, v),
        multiGet: (ks) => dao.multiGet(ks),
        multiSet: (e) => dao.multiSet(e),
        delete: () => Promise.reject(new Error('generic delete must not be called')),
        async doDelete(...keys) {
          softDeleted.push(...keys);
          for (const key of keys) await dao.set(key, { ...(await dao.get(key)), note: 'deleted' });
        },
      };
      const cache = new MemoryStorage<Record<string, unknown>>();
      const storage = gen.newStorage({ dataSource: ds, cache, dao: softDao });
      const id = await storage.add(null, Object.assign(new gen.Entity(), { senderUid: 'soft', amount: 1, active: true, note: null }));
      await storage.delete(id);
      expect(softDeleted).toEqual([id]);
      expect((await dao.get(id)).note).toBe('deleted');
      await expect(cache.get(id)).rejects.toBeInstanceOf(EmptyObjectError);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a composite primary key and an untyped column, writing nothing', async () => {
    const other = tempProject('sqlite-bad');
    try {
      await expect(generate({ databaseUrl: `sqlite:${file}`, table: 'pairs', packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({ code: 'DAO_COMPOSITE_KEY' });
      await expect(generate({ databaseUrl: `sqlite:${file}`, table: 'loose', packageName: 'shop', keyColumn: 'x', outDir: other.dir })).rejects.toMatchObject({
        code: 'DAO_UNSUPPORTED_TYPE',
      });
      await expect(generate({ databaseUrl: `sqlite:${file}`, table: 'nope', packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({ code: 'DAO_TABLE_NOT_FOUND' });
      await expect(generate({ databaseUrl: `sqlite:${join(other.dir, 'missing.db')}`, table: 'x', packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({
        code: 'DAO_CONNECT_FAILED',
      });
      expect(existsSync(join(other.dir, 'models'))).toBe(false);
      expect(existsSync(join(other.dir, 'missing.db'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});
