import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { generate } from '../src/generate';
import { exerciseAutoKeyStorage, loadGenerated, openDataSource } from './generated-storage';
import { tempProject } from './project';
import { MYSQL_URL, describeWithMysql, uniqueTable } from './services';

// MariaDB is optional everywhere (CI included): without it this file is skipped.
describeWithMysql()('MariaDB/MySQL: generate from a real table and run the generated storage', () => {
  const table = uniqueTable('dg_coupon');
  const odd = uniqueTable('dg_odd');
  let conn: Connection;
  let project: ReturnType<typeof tempProject>;

  beforeAll(async () => {
    project = tempProject('mysql');
    conn = await createConnection({ uri: MYSQL_URL, connectTimeout: 2000 });
    await conn.query(`CREATE TABLE ${table} (
      id INT AUTO_INCREMENT PRIMARY KEY,
      sender_uid VARCHAR(64) NOT NULL UNIQUE,
      amount DECIMAL(10,2) NOT NULL,
      big BIGINT NULL,
      ratio DOUBLE NULL,
      active TINYINT(1) NOT NULL DEFAULT 1,
      note TEXT NULL,
      raw VARBINARY(16) NULL,
      day DATE NULL,
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
    await conn.query(`CREATE TABLE ${odd} (id INT PRIMARY KEY, flags SET('a','b'))`);
  });

  afterAll(async () => {
    await conn.query(`DROP TABLE IF EXISTS ${table}, ${odd}`);
    await conn.end();
    project.cleanup();
  });

  it('maps every column and runs add/get/set/multiGet/delete through StorageProxy(MemoryStorage, DAO)', async () => {
    const result = await generate({ databaseUrl: MYSQL_URL, table, packageName: 'shop', outDir: project.dir });
    expect(result.model.columns.map((c) => [c.property, c.tsType, c.generated])).toEqual([
      ['id', 'number', true],
      ['senderUid', 'string', false],
      ['amount', 'string', false],
      ['big', 'string', false],
      ['ratio', 'number', false],
      ['active', 'boolean', false],
      ['note', 'string', false],
      ['raw', 'Buffer', false],
      ['day', 'string', false],
      ['createdAt', 'Date', false],
    ]);
    const gen = loadGenerated(project.dir, table, 'shop', result.model.className);
    const ds = await openDataSource({ type: 'mysql', url: MYSQL_URL }, gen.Entity);
    try {
      await exerciseAutoKeyStorage(
        gen,
        ds,
        (n) => ({ senderUid: `u${n}`, amount: '9.90', big: '9007199254740993', ratio: 0.5, active: n === 1, note: null, raw: Buffer.from([n, 7]), day: '2018-04-14' }),
        (row, n) => {
          expect(row).toMatchObject({ senderUid: `u${n}`, amount: '9.90', big: '9007199254740993', ratio: 0.5, active: n === 1, day: '2018-04-14' });
          expect(Buffer.compare(row.raw as Buffer, Buffer.from([n, 7]))).toBe(0);
          expect(row.createdAt).toBeInstanceOf(Date);
        },
      );
    } finally {
      await ds.destroy();
    }
  });

  it('fails with typed errors on an unsupported column type and on a missing table, writing nothing', async () => {
    const other = tempProject('mysql-bad');
    try {
      await expect(generate({ databaseUrl: MYSQL_URL, table: odd, packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({
        code: 'DAO_UNSUPPORTED_TYPE',
        message: expect.stringContaining(`"${odd}.flags" has type "set"`),
      });
      await expect(generate({ databaseUrl: MYSQL_URL, table: `${odd}_missing`, packageName: 'shop', outDir: other.dir })).rejects.toMatchObject({
        code: 'DAO_TABLE_NOT_FOUND',
      });
      expect(existsSync(join(other.dir, 'models'))).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});
