import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { MemoryStorage } from '@gatehouse/storage-proxy';
import { generate } from '../src/generate';
import { exerciseAutoKeyStorage, loadGenerated, openDataSource } from './generated-storage';
import { tempProject } from './project';
import { POSTGRES_URL, describeWithPostgres, uniqueTable } from './services';

describeWithPostgres()('PostgreSQL: generate from a real table and run the generated storage', () => {
  const table = uniqueTable('dg_coupon');
  const bare = uniqueTable('dg_nopk');
  const odd = uniqueTable('dg_odd');
  let client: Client;
  let project: ReturnType<typeof tempProject>;

  beforeAll(async () => {
    project = tempProject('pg');
    client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`CREATE TABLE ${table} (
      id serial PRIMARY KEY,
      sender_uid varchar(64) NOT NULL UNIQUE,
      amount numeric(10,2) NOT NULL,
      big bigint,
      ratio double precision,
      active boolean NOT NULL DEFAULT true,
      note text,
      payload jsonb,
      raw bytea,
      day date,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(`CREATE TABLE ${bare} (code varchar(20) NOT NULL UNIQUE, note text)`);
    await client.query(`CREATE TABLE ${odd} (id int PRIMARY KEY, spot point)`);
  });

  afterAll(async () => {
    await client.query(`DROP TABLE IF EXISTS ${table}, ${bare}, ${odd}`);
    await client.end();
    project.cleanup();
  });

  it('maps every column and runs add/get/set/multiGet/delete through StorageProxy(MemoryStorage, DAO)', async () => {
    const result = await generate({ databaseUrl: POSTGRES_URL, table, packageName: 'shop', outDir: project.dir });
    expect(result.model.key.name).toBe('id');
    expect(result.model.columns.map((c) => [c.property, c.tsType, c.nullable])).toEqual([
      ['id', 'number', false],
      ['senderUid', 'string', false],
      ['amount', 'string', false],
      ['big', 'string', true],
      ['ratio', 'number', true],
      ['active', 'boolean', false],
      ['note', 'string', true],
      ['payload', 'unknown', true],
      ['raw', 'Buffer', true],
      ['day', 'string', true],
      ['createdAt', 'Date', false],
    ]);
    const gen = loadGenerated(project.dir, table, 'shop', result.model.className);
    const ds = await openDataSource({ type: 'postgres', url: POSTGRES_URL }, gen.Entity);
    try {
      await exerciseAutoKeyStorage(
        gen,
        ds,
        (n) => ({ senderUid: `u${n}`, amount: '9.90', big: '9007199254740993', ratio: 0.5, active: n % 2 === 1, note: null, payload: { tags: ['a'], n }, raw: Buffer.from([n, 255]), day: '2018-04-14' }),
        (row, n) => {
          expect(row.senderUid).toBe(`u${n}`);
          expect(row.amount).toBe('9.90');
          expect(row.big).toBe('9007199254740993');
          expect(row.active).toBe(n % 2 === 1);
          expect(row.payload).toEqual({ tags: ['a'], n });
          expect(Buffer.compare(row.raw as Buffer, Buffer.from([n, 255]))).toBe(0);
          expect(row.day).toBe('2018-04-14');
          expect(row.createdAt).toBeInstanceOf(Date);
        },
      );
    } finally {
      await ds.destroy();
    }
  });

  it('keys by another column when asked (the demo keys coupon_relation by sender_uid)', async () => {
    const other = tempProject('pg-key');
    try {
      const result = await generate({ databaseUrl: POSTGRES_URL, table, packageName: 'bysender', keyColumn: 'sender_uid', outDir: other.dir });
      const gen = loadGenerated(other.dir, table, 'bysender', result.model.className);
      expect(gen.keyProperty).toBe('senderUid');
      const ds = await openDataSource({ type: 'postgres', url: POSTGRES_URL }, gen.Entity);
      try {
        const cache = new MemoryStorage<Record<string, unknown>>();
        const storage = gen.newStorage({ dataSource: ds, cache });
        const row = Object.assign(new gen.Entity(), { amount: '1.00', active: true, note: 'by sender' });
        expect(await storage.add('sender-42', row)).toBe('sender-42');
        await cache.delete('sender-42');
        expect((await storage.get('sender-42')).note).toBe('by sender');
        expect([...(await storage.multiGet(['sender-42', 'nobody'])).keys()]).toEqual(['sender-42']);
        await storage.delete('sender-42');
        expect((await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE sender_uid = 'sender-42'`)).rows[0].n).toBe(0);
      } finally {
        await ds.destroy();
      }
    } finally {
      other.cleanup();
    }
  });

  it('refuses a table without a primary key unless the key column is given', async () => {
    const other = tempProject('pg-nopk');
    try {
      await expect(generate({ databaseUrl: POSTGRES_URL, table: bare, packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({ code: 'DAO_NO_PRIMARY_KEY' });
      expect(existsSync(join(other.dir, 'models'))).toBe(false);
      const result = await generate({ databaseUrl: POSTGRES_URL, table: bare, packageName: 'shop', keyColumn: 'code', outDir: other.dir });
      expect(result.model.columns.find((c) => c.name === 'code')!.primary).toBe(true);
      expect(existsSync(join(other.dir, 'dao', 'shop', `${bare}_storage_gen.ts`))).toBe(true);
    } finally {
      other.cleanup();
    }
  });

  it('fails with typed errors on an unsupported column type and on a missing table, writing nothing', async () => {
    const other = tempProject('pg-bad');
    try {
      await expect(generate({ databaseUrl: POSTGRES_URL, table: odd, packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({
        code: 'DAO_UNSUPPORTED_TYPE',
        message: expect.stringContaining(`"${odd}.spot" has type "point"`),
      });
      await expect(generate({ databaseUrl: POSTGRES_URL, table: `${odd}_missing`, packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({
        code: 'DAO_TABLE_NOT_FOUND',
      });
      expect(existsSync(join(other.dir, 'models'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});
